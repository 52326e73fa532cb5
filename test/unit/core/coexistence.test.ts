/**
 * Coexistence with ECR lifecycle policies: which governed repositories a run asks (a bounded, rotating share), what
 * the state keeps of the answers, and what the report says once per run.
 */
import fc from 'fast-check';
import { coexistenceOf, knownChecks, repositoriesToCheck, templatesWithPolicies, type LifecyclePolicyCheck } from '../../../lambda/core/coexistence';
import type { CollectedRegion, CreationTemplate } from '../../../lambda/core/collected';
import { decide } from '../../../lambda/core/decide';
import type { RetentionConfig } from '../../../lambda/core/policy';
import { coexistenceText } from '../../../lambda/report/coexistence';
import { collectedAccount, DAY, digestOf, image, inventory, NOW, policy } from '../../support/core-builders';

const check = (repository: string, checkedAt: number, hasPolicy = false): LifecyclePolicyCheck => ({ repository, checkedAt, hasPolicy });

describe('which repositories a run asks', () => {
  it.each<[string, string[], LifecyclePolicyCheck[], number, string[]]>([
    ['everything when the budget allows', ['b', 'a', 'c'], [], 10, ['a', 'b', 'c']],
    ['never-asked first, by name', ['c', 'b', 'a'], [check('a', NOW - DAY)], 2, ['b', 'c']],
    ['then the longest ago', ['a', 'b', 'c', 'd'], [check('a', NOW - DAY), check('b', NOW - 3 * DAY), check('c', NOW - 2 * DAY)], 3, ['d', 'b', 'c']],
    ['none with a budget of 0', ['a'], [], 0, []],
    ['only governed ones: an answer for a repository no longer governed is ignored', ['a'], [check('gone', NOW - 9 * DAY)], 5, ['a']],
  ])('%s', (_name, governed, previous, budget, expected) => {
    expect(repositoriesToCheck(governed, previous, budget)).toEqual(expected);
  });

  it('asks every governed repository within ⌈N / budget⌉ runs, and none twice before all are asked', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 25 }), (n, budget) => {
      const governed = Array.from({ length: n }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
      let known: LifecyclePolicyCheck[] = [];
      const asked: string[] = [];
      const runs = Math.ceil(n / budget);
      for (let run = 0; run < runs; run++) {
        const now = NOW + run * DAY;
        const ask = repositoriesToCheck(governed, known, budget);
        expect(ask.length).toBe(Math.min(budget, n));
        asked.push(...ask);
        known = knownChecks(governed, known, ask.map((repository) => check(repository, now)));
      }
      expect(new Set(asked.slice(0, n)).size).toBe(n);
      expect(known.map((c) => c.repository).sort()).toEqual(governed);
    }));
  });
});

describe('what the state keeps', () => {
  it('takes this run\'s answers over the previous ones, and forgets repositories that left', () => {
    const previous = [check('a', NOW - DAY, true), check('b', NOW - DAY, true), check('gone', NOW - DAY, true)];
    expect(knownChecks(['a', 'b'], previous, [check('a', NOW, false)])).toEqual([check('a', NOW, false), check('b', NOW - DAY, true)]);
  });
});

function region(names: string[], extra: Partial<CollectedRegion> = {}): CollectedRegion {
  const images = names.map((repository) => image({ repository, digest: digestOf(repository), tags: ['v1'], pushedAt: NOW - 10 * DAY }));
  return { inventory: inventory(images), references: [], failedSources: [], sources: [], ...extra };
}

describe('a region\'s coexistence', () => {
  const governed = [policy({ repositories: ['shop/api', 'shop/web', 'shop/worker'] })];

  it('dates this run\'s answers by the decision, and counts what is still unknown', () => {
    const collected = region(['shop/api', 'shop/web', 'shop/worker', 'other'], {
      lifecyclePolicies: { answers: [{ repository: 'shop/web', hasPolicy: true }, { repository: 'shop/api', hasPolicy: false }] },
    });
    const found = coexistenceOf(collected, governed, 500, NOW);
    expect(found?.known).toEqual([check('shop/api', NOW, false), check('shop/web', NOW, true)]);
    expect(found?.coexistence).toEqual({ region: 'us-east-1', governed: 3, checked: 2, unknown: 1, oldestCheck: NOW, withPolicy: [{ repository: 'shop/web', checkedAt: NOW }], templates: [] });
  });

  it('keeps what an earlier run learned when this run asked nothing, and says why checks stopped', () => {
    const state = { version: 1 as const, region: 'us-east-1', writtenAt: NOW - DAY, tags: [], candidates: [], journal: [], lifecyclePolicies: [check('shop/api', NOW - DAY, true)] };
    const found = coexistenceOf(region(['shop/api'], { state, lifecyclePolicies: { answers: [], error: 'AccessDeniedException: not authorized' } }), governed, 500, NOW);
    expect(found?.coexistence).toMatchObject({ checked: 0, unknown: 0, withPolicy: [{ repository: 'shop/api', checkedAt: NOW - DAY }], error: 'AccessDeniedException: not authorized' });
  });

  it('is switched off by lifecyclePolicyChecks: 0', () => {
    expect(coexistenceOf(region(['shop/api'], { lifecyclePolicies: { answers: [{ repository: 'shop/api', hasPolicy: true }] } }), governed, 0, NOW)).toBeUndefined();
  });

  it('goes into each region\'s next state, and into the decision', () => {
    const config: RetentionConfig = {
      settings: { mode: 'plan', gracePeriodMs: DAY, maxDeletionsPerRun: 1000, live: { lambda: false, batch: false }, notify: { email: 'changes' } },
      policies: governed,
    };
    const decided = decide(collectedAccount(region(['shop/api'], { lifecyclePolicies: { answers: [{ repository: 'shop/api', hasPolicy: true }] } })), config, 'plan', NOW);
    expect(decided.states[0]?.lifecyclePolicies).toEqual([check('shop/api', NOW, true)]);
    expect(decided.coexistence[0]?.withPolicy).toEqual([{ repository: 'shop/api', checkedAt: NOW }]);
  });
});

describe('repository creation templates', () => {
  const template = (prefix: string, hasLifecyclePolicy = true): CreationTemplate => ({ prefix, appliedFor: ['PULL_THROUGH_CACHE'], hasLifecyclePolicy });
  const governed = ['shop/api', 'shop/team/web', 'shopping/cart', 'shop', 'base'];

  it.each<[string, CreationTemplate[], [string, number][]]>([
    ['a prefix covers the names under it, never the name itself nor a longer word', [template('shop')], [['shop', 2]]],
    ['nested prefixes both count: which one ECR applies is not documented', [template('shop'), template('shop/team')], [['shop', 2], ['shop/team', 1]]],
    ['ROOT covers what no other template covers, with or without a policy', [template('ROOT'), template('shop', false)], [['ROOT', 3]]],
    ['a template without a lifecycle policy, or covering no governed repository, is not reported', [template('shop', false), template('dockerhub')], []],
  ])('%s', (_name, templates, expected) => {
    expect(templatesWithPolicies(templates, governed).map((t) => [t.prefix, t.governed])).toEqual(expected);
  });

  it('are named in the report, even when no repository is known to have a policy yet', () => {
    const text = coexistenceText([{ region: 'us-east-1', governed: 3, checked: 3, unknown: 0, withPolicy: [], templates: [{ prefix: 'ecr-public', appliedFor: ['PULL_THROUGH_CACHE'], governed: 2 }] }], NOW);
    expect(text?.headline).toBe('No governed repository is known to have an ECR lifecycle policy.');
    expect(text?.details[0]).toBe('the repository creation template "ecr-public" (PULL_THROUGH_CACHE) gives a lifecycle policy to every repository ECR creates with it; 2 governed repositories are under it. '
      + 'Remove the policy from the template too (aws ecr update-repository-creation-template), or it comes back with each new repository.');
  });
});

describe('what the report says', () => {
  const base = { region: 'us-east-1', governed: 3, checked: 3, unknown: 0, oldestCheck: NOW, withPolicy: [], templates: [] };

  it.each<[string, Parameters<typeof coexistenceText>[0], RegExp | undefined]>([
    ['nothing when nothing was ever asked', [{ ...base, checked: 0, unknown: 3, withPolicy: [] }], undefined],
    ['nothing when every governed repository is known to have none', [base], undefined],
    ['how many still have one, and what to do', [{ ...base, withPolicy: [{ repository: 'shop/web', checkedAt: NOW }] }], /^1 of 3 governed repository still has|1 of 3 governed repositories still have an ECR lifecycle policy: ECR applies it whatever this tool decides, and it can expire live images\. Compare it/],
    ['that some are not known yet', [{ ...base, checked: 1, unknown: 2 }], /^No governed repository is known to have an ECR lifecycle policy \(2 of 3 not checked yet\)\.$/],
  ])('%s', (_name, regions, expected) => {
    const text = coexistenceText(regions, NOW);
    if (expected === undefined) expect(text).toBeUndefined();
    else expect(text?.headline).toMatch(expected);
  });

  it('names each repository with its region when several are covered, and says how old the oldest answer is', () => {
    const text = coexistenceText([
      { ...base, withPolicy: [{ repository: 'shop/web', checkedAt: NOW - 2 * DAY }], oldestCheck: NOW - 2 * DAY },
      { ...base, region: 'eu-west-1', checked: 0, unknown: 1, withPolicy: [], error: 'ThrottlingException: Rate exceeded' },
    ], NOW);
    expect(text?.repositories).toEqual(['shop/web (us-east-1)']);
    expect(text?.details).toEqual([
      'Checked this run: 3 repositories; the oldest answer is 2.0 days old; 1 governed repository not checked yet (settings.lifecyclePolicyChecks per run).',
      'eu-west-1: lifecycle policy checks stopped: ThrottlingException: Rate exceeded',
    ]);
  });
});
