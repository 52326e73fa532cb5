/**
 * Shadowed policies (an earlier policy matches every repository they name, so they govern nothing) and policies that
 * govern none of the repositories of an account, both under first-match semantics across documents in name order.
 */
import fc from 'fast-check';
import { formatConfigIssues, parseConfig } from '../../../lambda/config/parse';
import { shadowedPolicies } from '../../../lambda/config/shadowing';
import { governingPolicy, policiesGoverningNothing, type Policy } from '../../../lambda/core/policy';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** Policies compiled from documents, `name: glob, glob` per policy, one document per entry. */
function compiled(documents: Record<string, string[]>): Policy[] {
  const result = parseConfig(Object.entries(documents).map(([name, policies]) => ({
    name,
    text: `policies:\n${policies.map((line) => {
      const [policy, globs = ''] = line.split(': ');
      return `  - { name: ${policy}, repositories: [${globs.split(', ').map((g) => JSON.stringify(g)).join(', ')}] }`;
    }).join('\n')}\n`,
  })));
  if (!result.ok) throw new Error(formatConfigIssues(result.errors));
  return [...result.config.policies];
}

const shadowing = (policies: readonly Policy[]) => shadowedPolicies(policies).map(({ policy, coveredBy }) => `${policy.name} by ${coveredBy.map((p) => p.name).join('+')}`);

describe('shadowed policies', () => {
  it.each<[string, Record<string, string[]>, string[]]>([
    ['a ** policy in an earlier document shadows every later policy',
      { '00-defaults': ['all: **'], '10-team-a': ['team-a: team-a/*', 'shared: shared/base'] }, ['team-a by all', 'shared by all']],
    ['documents count in name order, not in the order given', { '10-team-a': ['team-a: team-a/*'], '00-defaults': ['all: **'] }, ['team-a by all']],
    ['team-a/* shadows team-a/web', { d: ['team: team-a/*', 'web: team-a/web'] }, ['web by team']],
    ['team-a/* does not shadow team-a/x/web (one segment only)', { d: ['team: team-a/*', 'deep: team-a/x/web'] }, []],
    ['team-a/** shadows team-a/x/web', { d: ['team: team-a/**', 'deep: team-a/x/web'] }, ['deep by team']],
    ['a later ** shadows nothing before it', { d: ['web: team-a/web', 'all: **'] }, []],
    ['every glob must be covered', { d: ['team: team-a/*', 'mixed: team-a/web, team-b/web'] }, []],
    ['globs covered by different earlier policies name each of them', { d: ['a: team-a/*', 'b: team-b/*', 'both: team-a/web, team-b/web'] }, ['both by a+b']],
    ['a glob only two earlier policies cover together is not reported (only certain coverage is)',
      { d: ['flat: team-a/*', 'deep: team-a/*/**', 'all-of-team-a: team-a/**'] }, []],
    ['the first covering policy is named, not a nearer one that also covers',
      { d: ['all: **', 'team: team-a/*', 'web: team-a/web'] }, ['team by all', 'web by all']],
  ])('%s', (_name, documents, expected) => {
    expect(shadowing(compiled(documents))).toEqual(expected);
  });

  it('a shadowed policy governs no repository, whatever the repository names (property)', () => {
    const segment = fc.constantFrom('team-a', 'team-b', 'web', 'x');
    const glob = fc.array(fc.oneof(segment, fc.constantFrom('*', '**', 'team-?', 'w*')), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    fc.assert(fc.property(fc.array(fc.array(glob, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), fc.array(name, { maxLength: 20 }), (globs, names) => {
      const policies = compiled({ d: globs.map((g, i) => `p${i}: ${g.join(', ')}`) });
      const shadowed = new Set(shadowedPolicies(policies).map(({ policy }) => policy));
      for (const repository of names) expect(shadowed.has(governingPolicy(policies, repository) as Policy)).toBe(false);
      for (const policy of shadowed) expect(policiesGoverningNothing(policies, names)).toContain(policy);
    }), { numRuns: NUM_RUNS });
  });
});

describe('policies governing nothing', () => {
  it.each<[string, string[], string[], string[]]>([
    ['a policy matching no repository', ['a: team-a/*', 'b: team-b/*'], ['team-a/web'], ['b']],
    ['a policy whose repositories an earlier policy governs first', ['all: **', 'web: team-a/web'], ['team-a/web', 'team-b/api'], ['web']],
    ['none when each governs something', ['a: team-a/*', 'b: team-b/*'], ['team-a/web', 'team-b/api'], []],
    ['every policy when there is no repository', ['a: team-a/*', 'b: **'], [], ['a', 'b']],
    ['a policy governing only what an earlier one leaves', ['web: team-a/web', 'rest: team-a/*'], ['team-a/web', 'team-a/api'], []],
  ])('%s', (_name, policies, repositories, expected) => {
    expect(policiesGoverningNothing(compiled({ d: policies }), repositories).map((p) => p.name)).toEqual(expected);
  });
});
