/**
 * The evaluator, one documented rule per table (LifecyclePolicies.html "Lifecycle policy evaluation rules",
 * lifecycle_policy_examples.html, lifecycle_policy_parameters.html): each case is the docs' own example where there is one.
 */
import { wildcardMatch } from '../../../../lambda/core/lifecycle/selection';
import { DAY, img, NOW, outcomes, policyText } from './fixtures';

const tagged = (list: Record<string, string[]>, count: Record<string, unknown>) => ({ tagStatus: 'tagged', ...list, ...count });
const keepOne = { countType: 'imageCountMoreThan', countNumber: 1 };

describe('tag selection: a list matches an image when every entry matches one of its tags', () => {
  test.each<[string, string, boolean]>([
    ['prod*', 'prod', true], ['prod*', 'prod1', true], ['prod*', 'preprod', false], ['*test*1*2*3', 'a-test-1-2-3', true],
    ['test*1*2*3*', 'test123', true], ['v*.*.*', 'v1.2.3', true], ['v*.*.*', 'v1.2', false], ['*', '', true], ['rc', 'rc1', false],
  ])('pattern %s on tag %s: %s', (pattern, tag, expected) => expect(wildcardMatch(pattern, tag)).toBe(expected));

  test('docs example "multiple tags in a single rule" A: [alpha, beta] selects C and F only, expires C (older than 5 days)', () => {
    const images = [img('A', ['alpha-1'], 12), img('B', ['beta-1'], 11), img('C', ['alpha-2', 'beta-2'], 10), img('D', ['alpha-3'], 4), img('E', ['beta-3'], 3), img('F', ['alpha-4', 'beta-4'], 2)];
    const text = policyText({ priority: 1, selection: tagged({ tagPrefixList: ['alpha', 'beta'] }, { countType: 'sinceImagePushed', countNumber: 5, countUnit: 'days' }) });
    expect(outcomes(text, images, ['A', 'B', 'C', 'D', 'E', 'F'])).toEqual({ A: 'none', B: 'none', C: 'expire@1', D: 'none', E: 'none', F: 'none@1' });
  });

  test('docs example B: tags are not exclusive; [alpha, beta] sees A, B, C and keeps the newest', () => {
    const images = [img('A', ['alpha-1', 'beta-1', 'gamma-1'], 10), img('B', ['alpha-2', 'beta-2'], 9), img('C', ['alpha-3', 'beta-3', 'gamma-2'], 8)];
    expect(outcomes(policyText({ priority: 1, selection: tagged({ tagPrefixList: ['alpha', 'beta'] }, keepOne) }), images, ['A', 'B', 'C'])).toEqual({ A: 'expire@1', B: 'expire@1', C: 'none@1' });
  });

  test('patterns are ANDed like prefixes: [prod*, *-amd64] needs both on the image; tagPatternList wins over tagPrefixList', () => {
    const images = [img('both', ['prod-1', 'x-amd64'], 9), img('one', ['prod-2'], 8), img('newer', ['prod-3', 'y-amd64'], 1)];
    const text = policyText({ priority: 1, selection: tagged({ tagPatternList: ['prod*', '*-amd64'], tagPrefixList: ['nothing'] }, keepOne) });
    expect(outcomes(text, images, ['both', 'one', 'newer'])).toEqual({ both: 'expire@1', one: 'none', newer: 'none@1' });
  });
});

describe('rules by priority: an image is expired by one rule at most, and only by the first that takes it', () => {
  const images = [img('A', ['beta-1', 'prod-1'], 10), img('B', ['beta-2', 'prod-2'], 9), img('C', ['beta-3'], 8)];
  const prod = { priority: 1, selection: tagged({ tagPrefixList: ['prod'] }, keepOne) };
  const beta = { priority: 2, selection: tagged({ tagPrefixList: ['beta'] }, keepOne) };

  test('docs "multiple rules" example A: rule 2 marks A and B, but B was taken by rule 1 and is skipped: only A expires', () => {
    expect(outcomes(policyText(prod, beta), images, ['A', 'B', 'C'])).toEqual({ A: 'expire@1', B: 'none@1', C: 'none@2' });
  });

  test('docs example B (priorities swapped): rule 1 (beta) expires A and B; rule 2 adds nothing', () => {
    expect(outcomes(policyText({ ...beta, priority: 1 }, { ...prod, priority: 2 }), images, ['A', 'B', 'C'])).toEqual({ A: 'expire@1', B: 'expire@1', C: 'none@1' });
  });

  test('rulePriority orders the rules, not their place in the text', () => {
    expect(outcomes(policyText({ ...beta, priority: 7 }, { ...prod, priority: 3 }), images, ['A', 'B', 'C'])).toEqual({ A: 'expire@3', B: 'none@3', C: 'none@7' });
  });

  test('an image a higher-priority rule keeps cannot be expired by the any rule (the last)', () => {
    const text = policyText(prod, { priority: 9, selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 } });
    expect(outcomes(text, [...images, img('old-untagged', [], 30), img('new-untagged', [], 1)], ['A', 'B', 'C', 'old', 'new']))
      .toEqual({ A: 'expire@1', B: 'none@1', C: 'expire@9', old: 'expire@9', new: 'none@9' });
  });
});

describe('count types', () => {
  test('imageCountMoreThan keeps the N most recently pushed; a later re-tag does not count (push time only)', () => {
    const images = [img('old-retagged', ['v9', 'v10'], 30), img('v5', ['v5'], 3), img('v6', ['v6'], 2), img('v7', ['v7'], 1)];
    expect(outcomes(policyText({ priority: 1, selection: tagged({ tagPrefixList: ['v'] }, { countType: 'imageCountMoreThan', countNumber: 3 }) }), images, ['old', 'v5', 'v6', 'v7']))
      .toEqual({ old: 'expire@1', v5: 'none@1', v6: 'none@1', v7: 'none@1' });
  });

  test('imageCountMoreThan counts what a higher-priority rule expires ("as if they haven\'t been expired")', () => {
    const images = [img('rc', ['rc-1', 'app-1'], 1), img('a2', ['app-2'], 2), img('a3', ['app-3'], 3)];
    const text = policyText({ priority: 1, selection: tagged({ tagPrefixList: ['rc'] }, { countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }) }, { priority: 2, selection: tagged({ tagPrefixList: ['app'] }, { countType: 'imageCountMoreThan', countNumber: 2 }) });
    // rc is expired by rule 1, and still counted by rule 2 as its newest: a2 is its 2nd newest, a3 its 3rd.
    expect(outcomes(text, images, ['rc', 'a2', 'a3'], NOW + 1)).toEqual({ rc: 'expire@1', a2: 'none@2', a3: 'expire@2' });
  });

  test('sinceImagePushed expires what was pushed more than N days ago', () => {
    const images = [img('15d', [], 15), img('14d', [], 14), img('1d', [], 1)];
    expect(outcomes(policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 } }), images, ['15d', '14d', '1d']))
      .toEqual({ '15d': 'expire@1', '14d': 'none@1', '1d': 'none@1' });
  });

  test('sinceImagePulled (transition) archives what was not pulled for N days; a never-pulled image counts from its push', () => {
    const images = [img('pulled-recently', ['a'], 90, { lastPulledAt: NOW - 2 * DAY }), img('pulled-long-ago', ['b'], 90, { lastPulledAt: NOW - 60 * DAY }), img('never-pulled-old', ['c'], 45), img('never-pulled-new', ['d'], 5)];
    const text = policyText({ priority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 }, action: { type: 'transition', targetStorageClass: 'archive' } });
    expect(outcomes(text, images, ['recent', 'long', 'old', 'new'])).toEqual({ recent: 'none@1', long: 'transition@1', old: 'transition@1', new: 'none@1' });
  });

  test('sinceImageTransitioned expires images archived more than N days ago; an unknown archive time decides nothing', () => {
    const images = [img('a1', ['x'], 400, { status: 'ARCHIVED', archivedAt: NOW - 200 * DAY }), img('a2', ['y'], 400, { status: 'ARCHIVED', archivedAt: NOW - 95 * DAY }), img('a3', ['z'], 400, { status: 'ARCHIVED' }), img('active', ['w'], 400)];
    const text = policyText({ priority: 1, selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 180 } });
    expect(outcomes(text, images, ['a1', 'a2', 'a3', 'active'])).toEqual({ a1: 'expire@1', a2: 'none@1', a3: 'none@1?', active: 'none' });
  });
});

describe('storage classes and actions', () => {
  const archive = { type: 'transition', targetStorageClass: 'archive' };
  const text = policyText(
    { priority: 1, selection: tagged({ tagPatternList: ['rc-*'] }, { countType: 'imageCountMoreThan', countNumber: 1 }), action: archive },
    { priority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['rc-*'], storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 } },
  );

  test('transition archives rather than expires; archived images are taken only by archive rules; a restoring image by none', () => {
    const images = [img('rc-3', ['rc-3'], 1), img('rc-2', ['rc-2'], 2), img('rc-1', ['rc-1'], 300, { status: 'ARCHIVED', archivedAt: NOW - 100 * DAY }), img('rc-0', ['rc-0'], 300, { status: 'ACTIVATING', archivedAt: NOW - 100 * DAY })];
    expect(outcomes(text, images, ['rc-3', 'rc-2', 'rc-1', 'rc-0'])).toEqual({ 'rc-3': 'none@1', 'rc-2': 'transition@1', 'rc-1': 'expire@2', 'rc-0': 'none' });
  });
});

describe('referrers follow an expired subject (the OCI 1.1 lifecycle cascade)', () => {
  test('a signature and the SBOM\'s signature go with their expired subject', () => {
    const subject = img('subject', [], 30);
    const images = [subject, img('new', [], 1), img('sig', ['sha256-x.sig'], 30, { subjectDigest: subject.digest }), img('sbom-sig', ['s'], 30, { subjectDigest: img('sig', [], 0).digest })];
    const text = policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 } });
    expect(outcomes(text, images, ['subject', 'new', 'sig', 'sbom-sig'])).toEqual({ subject: 'expire@1', new: 'none@1', sig: 'expire@1+subject', 'sbom-sig': 'expire@1+subject' });
  });

  test('an archived subject still exists: its referrers stay', () => {
    const subject = img('subject', ['v1'], 60);
    const images = [subject, img('sig', [], 60, { subjectDigest: subject.digest })];
    const text = policyText({ priority: 1, selection: tagged({ tagPrefixList: ['v'] }, { countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }), action: { type: 'transition', targetStorageClass: 'archive' } });
    expect(outcomes(text, images, ['subject', 'sig'])).toEqual({ subject: 'transition@1', sig: 'none' });
  });
});
