import { DEFAULT_SETTINGS } from '../../../lambda/config/compile';
import { formatConfigIssues, parseConfig, type ConfigIssue } from '../../../lambda/config/parse';
import type { RetentionConfig } from '../../../lambda/core/policy';

const doc = (name: string, text: string) => ({ name, text });

function valid(...documents: { name: string; text: string }[]): RetentionConfig {
  const result = parseConfig(documents);
  if (!result.ok) throw new Error(formatConfigIssues(result.errors));
  return result.config;
}

function issuesOf(...documents: { name: string; text: string }[]): ConfigIssue[] {
  const result = parseConfig(documents);
  if (result.ok) throw new Error('expected the config to be invalid');
  return [...result.errors];
}

const FULL = `
settings:
  mode: delete
  gracePeriod: 2d
  maxDeletionsPerRun: 250
  live:
    ecs: { clusters: ["prod"], keepTaskDefinitionRevisions: 3 }
    eks: false
    lambda: true
    batch: false
  notify: { email: always }
  lifecyclePolicyChecks: 50
policies:
  - name: web
    repositories: ["team-a/*", "shared/base"]
    protect: ["^prd$", "latest"]
    lineages:
      - name: releases
        tags: "^tag-(?<major>\\\\d+)-(?<minor>\\\\d+)-(?<patch>\\\\d+)$"
        orderBy: version
        keep: { newest: 5 }
      - name: pull-requests
        tags: "pr-(?<branch>.+)-[0-9a-f]{7,40}"
        groupBy: branch
        keep: { newest: 2, pushedWithin: 14d }
    untagged: { keep: { pushedWithin: 1d } }
    unmatched: expire
`;

describe('parseConfig', () => {
  it('compiles a full document', () => {
    const config = valid(doc('/ecr-retention/config', FULL));
    expect(config.settings).toEqual({
      mode: 'delete', gracePeriodMs: 2 * 86_400_000, maxDeletionsPerRun: 250,
      live: { ecs: { clusters: ['prod'], keepTaskDefinitionRevisions: 3 }, lambda: true, batch: false },
      notify: { email: 'always' },
      lifecyclePolicyChecks: 50,
    });
    const [policy] = config.policies;
    expect(policy?.governs('team-a/web')).toBe(true);
    expect(policy?.governs('team-a/x/web')).toBe(false);
    expect(policy?.lineages.map((l) => [l.name, l.orderBy, l.groupBy, l.keep])).toEqual([
      ['releases', 'version', undefined, { newest: 5 }],
      ['pull-requests', 'pushedAt', 'branch', { newest: 2, pushedWithinMs: 14 * 86_400_000 }],
    ]);
    expect(policy?.untagged).toEqual({ kind: 'keep-if', keep: { pushedWithinMs: 86_400_000 } });
    expect(policy?.lineages[0]?.tags.capture('tag-1-253-0')).toEqual({ major: '1', minor: '253', patch: '0' });
  });

  it('applies safe defaults: plan mode, every live source on, keep untagged and unmatched', () => {
    const config = valid(doc('p', 'policies: [{ name: all, repositories: ["**"] }]'));
    expect(config.settings).toEqual(DEFAULT_SETTINGS);
    expect(config.policies[0]).toMatchObject({ untagged: { kind: 'keep' }, unmatched: 'keep', protect: [], lineages: [] });
  });

  it('reads JSON documents too', () => {
    expect(valid(doc('j', '{"policies":[{"name":"all","repositories":["**"],"unmatched":"expire"}]}')).policies[0]?.unmatched).toBe('expire');
  });

  it('concatenates policies in document-name order', () => {
    const config = valid(doc('/p/b', 'policies: [{ name: second, repositories: ["**"] }]'), doc('/p/a', 'policies: [{ name: first, repositories: ["x"] }]'));
    expect(config.policies.map((p) => p.name)).toEqual(['first', 'second']);
  });

  it('anchors patterns to the whole tag', () => {
    const [policy] = valid(doc('p', 'policies: [{ name: a, repositories: ["**"], protect: ["prd"] }]')).policies;
    expect(['prd', 'xprd', 'prdx'].map((tag) => policy?.protect[0]?.matches(tag))).toEqual([true, false, false]);
  });

  it.each<[string, string, ConfigIssue[]]>([
    ['unknown top-level key', 'policy: []', [{ document: 'd', path: '', message: 'Unrecognized key: "policy"' }]],
    ['unknown nested key', 'settings: { mode: plan, dryRun: true }', [{ document: 'd', path: 'settings', message: 'Unrecognized key: "dryRun"' }]],
    ['wrong mode', 'settings: { mode: destroy }', [{ document: 'd', path: 'settings.mode', message: 'Invalid option: expected one of "plan"|"delete"' }]],
    ['bad duration', 'settings: { gracePeriod: 2 days }', [{ document: 'd', path: 'settings.gracePeriod', message: 'must be a duration such as 30m, 12h, 2d or 4w' }]],
    ['negative cap', 'settings: { maxDeletionsPerRun: -1 }', [{ document: 'd', path: 'settings.maxDeletionsPerRun', message: 'must not be negative' }]],
    ['fractional lifecycle checks', 'settings: { lifecyclePolicyChecks: 2.5 }', [{ document: 'd', path: 'settings.lifecyclePolicyChecks', message: 'must be a whole number' }]],
    ['zero newest', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "x", keep: { newest: 0 } }] }]',
      [{ document: 'd', path: 'policies[0].lineages[0].keep.newest', message: 'must be at least 1' }]],
    ['empty keep', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "x", keep: {} }] }]',
      [{ document: 'd', path: 'policies[0].lineages[0].keep', message: 'needs at least one condition: newest, pushedWithin or pulledWithin' }]],
    ['unknown orderBy', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "x", orderBy: semver, keep: { newest: 1 } }] }]',
      [{ document: 'd', path: 'policies[0].lineages[0].orderBy', message: 'Invalid option: expected one of "pushedAt"|"pulledAt"|"version"|"taggedAt"' }]],
    ['groupBy without such capture', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "pr-(?<branch>.+)", groupBy: brnch, keep: { newest: 1 } }] }]',
      [{ document: 'd', path: 'policies[0].lineages[0].groupBy', message: 'groupBy "brnch" is not a named capture of the tags regex (captures: branch)' }]],
    ['orderBy version without captures', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "v.+", orderBy: version, keep: { newest: 1 } }] }]',
      [{ document: 'd', path: 'policies[0].lineages[0].orderBy', message: 'orderBy version needs named captures in the tags regex to order by, e.g. (?<major>\\d+)' }]],
    ['catastrophic regex', 'policies: [{ name: a, repositories: ["**"], protect: ["(a+)+$"] }]',
      [{ document: 'd', path: 'policies[0].protect[0]', message: 'regex "(a+)+$" nests quantifiers (like (a+)+) and could backtrack catastrophically; make each repetition start with a literal, e.g. \\d+(\\.\\d+)* instead of (\\d+\\.?)+' }]],
    ['backreference', 'policies: [{ name: a, repositories: ["**"], protect: ["(a)\\\\1"] }]',
      [{ document: 'd', path: 'policies[0].protect[0]', message: 'invalid regex "(a)\\\\1": error parsing regexp: invalid escape sequence: `\\1`' }]],
    ['empty repositories', 'policies: [{ name: a, repositories: [] }]', [{ document: 'd', path: 'policies[0].repositories', message: 'must list at least one repository glob' }]],
    ['empty document', '# nothing here\n', [{ document: 'd', path: '', message: 'the document is empty: it needs `settings`, `policies` or both' }]],
    ['duplicate lineage names', 'policies: [{ name: a, repositories: ["**"], lineages: [{ name: l, tags: "x", keep: { newest: 1 } }, { name: l, tags: "y", keep: { newest: 1 } }] }]',
      [{ document: 'd', path: 'policies[0].lineages[1].name', message: 'lineage name "l" is used twice in this policy' }]],
  ])('reports %s with its document, path and message', (_name, text, expected) => {
    expect(issuesOf(doc('d', text))).toEqual(expected);
  });

  it('reports invalid YAML with its line and column', () => {
    expect(issuesOf(doc('d', 'policies: [\n  - name'))[0]).toEqual({
      document: 'd', path: '', message: 'invalid YAML: Block collections are not allowed within flow collections at line 2, column 3',
    });
  });

  it('reports every error of every document at once', () => {
    const issues = issuesOf(
      doc('/a', 'settings: { mode: destroy, gracePeriod: soon }'),
      doc('/b', 'policies: [{ name: x, repositories: ["**"], protect: ["(a+)+"] }]'),
    );
    expect(issues.map((i) => `${i.document} ${i.path}`)).toEqual(['/a settings.mode', '/a settings.gracePeriod', '/b policies[0].protect[0]']);
  });

  it('names both documents when a settings key is set twice', () => {
    expect(issuesOf(doc('/cfg/a', 'settings: { mode: plan }'), doc('/cfg/b', 'settings: { mode: delete }'))).toEqual([
      { document: '/cfg/b', path: 'settings.mode', message: 'settings.mode is already set by /cfg/a; set each settings key in one document only' },
    ]);
  });

  it('rejects a document over the 8 KB SSM limit and the absence of any document', () => {
    expect(issuesOf(doc('big', `# ${'x'.repeat(9000)}\npolicies: []`))[0]?.message).toBe('the document is 9015 bytes, over the 8192-byte limit of an SSM parameter; split it into several parameters');
    expect(parseConfig([])).toEqual({ ok: false, errors: [{ document: '(none)', path: '', message: 'no config documents found: nothing would be governed; create at least one parameter with policies' }] });
  });

  it('formats one line per issue', () => {
    expect(formatConfigIssues([{ document: '/p', path: 'settings.mode', message: 'bad' }, { document: '/q', path: '', message: 'empty' }])).toBe('/p: settings.mode: bad\n/q: (document): empty');
  });
});
