/** Config problems a person has to fix: each is reported with its document, field path and an exact message. */
import { parseConfig, type ConfigIssue } from '../../../lambda/config/parse';

const doc = (name: string, text: string) => ({ name, text });
const policy = (fields: string) => `policies: [{ name: a, repositories: ["**"], ${fields} }]`;

function issuesOf(...documents: { name: string; text: string }[]): ConfigIssue[] {
  const result = parseConfig(documents);
  if (result.ok) throw new Error('expected the config to be invalid');
  return [...result.errors];
}

describe('config messages', () => {
  it.each<[string, string, [string, string][]]>([
    ['a missing required key', 'policies: [{ repositories: ["**"] }]', [['policies[0].name', 'is required']]],
    ['a lineage without keep', policy('lineages: [{ name: l, tags: x }]'), [['policies[0].lineages[0].keep', 'is required']]],
    ['an untagged rule that is neither keep, expire nor an object', policy('untagged: nope'), [['policies[0].untagged', 'expected "keep", "expire" or an object']]],
    ['a mistake inside the object form of untagged', policy('untagged: { keep: { newest: 0 } }'), [['policies[0].untagged.keep.newest', 'must be at least 1']]],
    ['a misspelt key inside the object form of untagged', policy('untagged: { kep: { newest: 1 } }'),
      [['policies[0].untagged.keep', 'is required'], ['policies[0].untagged', 'Unrecognized key: "kep"']]],
    ['a live source that is true (on is the default; false switches it off)', 'settings: { live: { ecs: true } }', [['settings.live.ecs', 'expected false or an object']]],
    ['an empty cluster list', 'settings: { live: { eks: { clusters: [] } } }', [['settings.live.eks.clusters', 'must list at least one cluster, or "*"']]],
    ['a fractional cap', 'settings: { maxDeletionsPerRun: 1.5 }', [['settings.maxDeletionsPerRun', 'must be a whole number']]],
    ['a lookaround', policy('protect: ["(?=prd)"]'), [['policies[0].protect[0]', 'invalid regex "(?=prd)": error parsing regexp: invalid or unsupported Perl syntax: `(?=`']]],
    ['a syntax error, quoted in the user\'s own text', policy('protect: ["v[0-9"]'), [['policies[0].protect[0]', 'invalid regex "v[0-9": error parsing regexp: missing closing ]: `[0-9`']]],
    ['unbalanced parentheses that would escape the anchors', policy('protect: ["a)|(b"]'), [['policies[0].protect[0]', 'invalid regex "a)|(b": error parsing regexp: unexpected ): `a)|(b`']]],
    ['an unterminated \\Q quote', policy('protect: ["\\\\Qv1"]'), [['policies[0].protect[0]', 'invalid regex "\\\\Qv1": it cannot be anchored to the whole tag (an unterminated \\Q quote? close it with \\E)']]],
    ['a nested quantifier hidden behind RE2 flags', policy('protect: ["(?i)(a+)+"]'),
      [['policies[0].protect[0]', 'regex "(?i)(a+)+" nests quantifiers (like (a+)+) and could backtrack catastrophically; make each repetition start with a literal, e.g. \\d+(\\.\\d+)* instead of (\\d+\\.?)+']]],
    ['a list instead of a mapping', '- settings: {}', [['', 'Invalid input: expected object, received array']]],
    ['a duplicate YAML key', 'settings: { mode: plan }\nsettings: { mode: delete }', [['', 'invalid YAML: Map keys must be unique at line 2, column 1']]],
  ])('reports %s', (_case, text, expected) => {
    expect(issuesOf(doc('d', text)).map((i) => [i.path, i.message])).toEqual(expected);
  });

  it('reports a policy name used twice, naming the document that used it first', () => {
    expect(issuesOf(doc('/cfg/b', 'policies: [{ name: web, repositories: ["b/*"] }]'), doc('/cfg/a', 'policies: [{ name: web, repositories: ["a/*"] }]'))).toEqual([
      { document: '/cfg/b', path: 'policies[0].name', message: 'policy name "web" is already used in /cfg/a' },
    ]);
  });

  it('reports every settings key set twice, and keeps reporting the other documents\' problems', () => {
    const issues = issuesOf(
      doc('/cfg/a', 'settings: { mode: plan, gracePeriod: 1d }'),
      doc('/cfg/b', 'settings: { mode: delete, gracePeriod: 2d }'),
      doc('/cfg/c', policy('unmatched: sometimes')),
    );
    expect(issues.map((i) => `${i.document} ${i.path}`)).toEqual(['/cfg/c policies[0].unmatched', '/cfg/b settings.mode', '/cfg/b settings.gracePeriod']);
  });
});
