/**
 * Every error at once: a schema error does not hide the errors the later checks find (regexes, `groupBy` captures,
 * duplicate names, settings keys set twice) in the well-formed parts of the same document.
 */
import fc from 'fast-check';
import { parseConfig, type ConfigIssue } from '../../../lambda/config/parse';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const doc = (name: string, text: string) => ({ name, text });

function issuesOf(...documents: { name: string; text: string }[]): ConfigIssue[] {
  const result = parseConfig(documents);
  if (result.ok) throw new Error('expected the config to be invalid');
  return [...result.errors];
}

const CATASTROPHIC = 'regex "(a+)+" nests quantifiers (like (a+)+) and could backtrack catastrophically; make each repetition start with a literal, e.g. \\d+(\\.\\d+)* instead of (\\d+\\.?)+';
const UNCLOSED = 'invalid regex "git-[0-9a-f": error parsing regexp: missing closing ]: `[0-9a-f`';

describe('a schema error and the errors of later checks are reported together', () => {
  it.each<[string, string, [string, string][]]>([
    ['a schema error in settings and an invalid regex in a well-formed policy',
      'settings: { mode: destroy }\npolicies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "git-[0-9a-f", keep: { newest: 1 } }] }]',
      [['settings.mode', 'Invalid option: expected one of "plan"|"delete"'], ['policies[0].lineages[0].tags', UNCLOSED]]],
    ['a schema error and a catastrophic regex in the same policy',
      'policies: [{ name: a, repositories: [], protect: ["(a+)+"] }]',
      [['policies[0].repositories', 'must list at least one repository glob'], ['policies[0].protect[0]', CATASTROPHIC]]],
    ['a misspelt policy key and an invalid lineage regex of that policy',
      'policies: [{ name: a, repositories: ["**"], unmached: keep, lineages: [{ name: l, tags: "git-[0-9a-f", keep: { newest: 1 } }] }]',
      [['policies[0]', 'Unrecognized key: "unmached"'], ['policies[0].lineages[0].tags', UNCLOSED]]],
    ['an empty keep and a groupBy naming no capture, in the same lineage',
      'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "pr-(?<branch>.+)", groupBy: brnch, keep: {} }] }]',
      [['policies[0].lineages[0].keep', 'needs at least one condition: newest, pushedWithin or pulledWithin'],
        ['policies[0].lineages[0].groupBy', 'groupBy "brnch" is not a named capture of the tags regex (captures: branch)']]],
    ['a schema error in one lineage and a duplicate lineage name',
      'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "x", keep: { newest: 0 } }, { name: l, tags: "y", keep: { newest: 1 } }] }]',
      [['policies[0].lineages[0].keep.newest', 'must be at least 1'], ['policies[0].lineages[1].name', 'lineage name "l" is used twice in this policy']]],
    ['a schema error in a policy and a policy name used twice',
      'policies: [{ name: a, repositories: ["**"] }, { name: a, repositories: ["x"], unmatched: sometimes }]',
      [['policies[1].unmatched', 'Invalid option: expected one of "keep"|"expire"'], ['policies[1].name', 'policy name "a" is already used in d']]],
    ['a rejected item of a list and an invalid regex after it: indices are kept',
      'policies: [{ name: a, repositories: ["**"], protect: ["", "(a+)+"] }]',
      [['policies[0].protect[0]', 'must not be empty'], ['policies[0].protect[1]', CATASTROPHIC]]],
  ])('%s', (_name, text, expected) => {
    expect(issuesOf(doc('d', text))).toEqual(expected.map(([path, message]) => ({ document: 'd', path, message })));
  });

  it('a settings key set by two documents is reported when one of them also has a schema error', () => {
    expect(issuesOf(doc('/a', 'settings: { mode: plan }'), doc('/b', 'settings: { mode: delete, gracePeriod: soon }'))).toEqual([
      { document: '/b', path: 'settings.gracePeriod', message: 'must be a duration such as 30m, 12h, 2d or 4w' },
      { document: '/b', path: 'settings.mode', message: 'settings.mode is already set by /a; set each settings key in one document only' },
    ]);
  });

  it('a rejected part is never guessed at: a lineage whose tags the schema rejects is not checked further', () => {
    expect(issuesOf(doc('d', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: 7, groupBy: g, orderBy: version, keep: { newest: 1 } }] }]'))).toEqual([
      { document: 'd', path: 'policies[0].lineages[0].tags', message: 'Invalid input: expected string, received number' },
    ]);
  });
});

/** Independent faults of one valid document: each sets one field and is reported at exactly one path. */
const FAULTS: readonly { path: string; apply: (d: TestDocument) => void }[] = [
  { path: 'settings.mode', apply: (d) => void (d.settings.mode = 'destroy') },
  { path: 'settings.gracePeriod', apply: (d) => void (d.settings.gracePeriod = 'soon') },
  { path: 'policies[0].repositories', apply: (d) => void (d.policies[0].repositories = []) },
  { path: 'policies[0].protect[0]', apply: (d) => void (d.policies[0].protect[0] = '(a+)+') },
  { path: 'policies[0].lineages[0].tags', apply: (d) => void (d.policies[0].lineages[0].tags = 'git-[0-9a-f') },
  { path: 'policies[0].lineages[1].keep', apply: (d) => void (d.policies[0].lineages[1].keep = {}) },
  { path: 'policies[0].lineages[1].groupBy', apply: (d) => void (d.policies[0].lineages[1].groupBy = 'brnch') },
  { path: 'policies[1].unmatched', apply: (d) => void (d.policies[1].unmatched = 'sometimes') },
  { path: 'policies[1].lineages[0].tags', apply: (d) => void (d.policies[1].lineages[0].tags = '(a)\\1') },
  { path: 'policies[1].name', apply: (d) => void (d.policies[1].name = 'web') },
];

interface TestLineage { name: string; tags: string; orderBy?: string; groupBy?: string; keep: Record<string, unknown> }
interface TestPolicy { name: string; repositories: string[]; protect: string[]; unmatched: string; lineages: TestLineage[] }
interface TestDocument { settings: Record<string, unknown>; policies: TestPolicy[] }

function validDocument(): TestDocument {
  return {
    settings: { mode: 'plan', gracePeriod: '2d' },
    policies: [
      {
        name: 'web', repositories: ['team-a/*'], protect: ['latest'], unmatched: 'keep',
        lineages: [
          { name: 'main', tags: 'git-[0-9a-f]{8}', keep: { newest: 3 } },
          { name: 'prs', tags: 'pr-(?<branch>.+)-[0-9a-f]{7}', groupBy: 'branch', keep: { newest: 1 } },
        ],
      },
      { name: 'api', repositories: ['team-b/*'], protect: [], unmatched: 'keep', lineages: [{ name: 'rel', tags: 'v(?<n>\\d+)', orderBy: 'version', keep: { newest: 2 } }] },
    ],
  };
}

describe('every error at once (property)', () => {
  it('reports each fault of a document exactly once, whatever the combination', () => {
    expect(parseConfig([doc('d', JSON.stringify(validDocument()))]).ok).toBe(true);
    fc.assert(
      fc.property(fc.subarray([...FAULTS], { minLength: 1 }), (faults) => {
        const document = validDocument();
        for (const fault of faults) fault.apply(document);
        const paths = issuesOf(doc('d', JSON.stringify(document))).map((issue) => issue.path);
        expect([...paths].sort()).toEqual(faults.map((fault) => fault.path).sort());
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
