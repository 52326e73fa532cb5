/** Lifecycle policy text → rules, or every problem with its path (lifecycle_policy_parameters.html, property by property). */
import { formatLifecycleIssues, parseLifecyclePolicy } from '../../../../lambda/core/lifecycle/parse';
import { policyText, SEED_000, SEED_001, SEED_002 } from './fixtures';

const untagged = { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 };

function errors(text: string): string[] {
  const parsed = parseLifecyclePolicy(text);
  return parsed.ok ? [] : parsed.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

test('the seed policies parse, rules ordered by rulePriority, storageClass standard by default', () => {
  for (const text of [SEED_000, SEED_001, SEED_002]) expect(errors(text)).toEqual([]);
  const parsed = parseLifecyclePolicy(policyText(
    { priority: 9, selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 } },
    { priority: 2, description: 'prod', selection: { tagStatus: 'tagged', tagPatternList: ['prod*'], countType: 'imageCountMoreThan', countNumber: 3 } },
  ));
  expect(parsed.ok && parsed.policy.rules.map((r) => [r.rulePriority, r.selection.storageClass, r.description ?? null])).toEqual([[2, 'standard', 'prod'], [9, 'standard', null]]);
});

test.each<[string, string, string[]]>([
  ['not JSON', '{rules:', ['^: not JSON']],
  ['no rules', '{"rules": []}', ['^rules: must be a non-empty list of rules']],
  ['an unknown top-level field', JSON.stringify({ rules: [{ rulePriority: 1, selection: untagged, action: { type: 'expire' } }], version: 2 }), ['^version: unknown field']],
  ['rulePriority 0', policyText({ priority: 0, selection: untagged }), ['^rules\\[0\\].rulePriority: must be a positive whole number, not 0']],
  ['countNumber 0 ("0 is not an accepted value")', policyText({ priority: 1, selection: { ...untagged, countNumber: 0 } }), ['^rules\\[0\\].selection.countNumber: must be a positive whole number']],
  ['an unknown tagStatus', policyText({ priority: 1, selection: { ...untagged, tagStatus: 'TAGGED' } }), ['tagStatus: must be one of tagged \\| untagged \\| any, not "TAGGED"']],
  ['tagged without a tag list', policyText({ priority: 1, selection: { ...untagged, tagStatus: 'tagged' } }), ['tagStatus: tagged needs a tagPrefixList or a tagPatternList']],
  ['untagged with a tag list', policyText({ priority: 1, selection: { ...untagged, tagPrefixList: ['v'] } }), ['tagStatus: untagged takes no tagPrefixList']],
  ['five wildcards in a pattern', policyText({ priority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['test*1*2*3*4*5'], countType: 'imageCountMoreThan', countNumber: 1 } }), ['tagPatternList\\[0\\]: has 5 wildcards \\(\\*\\); at most 4']],
  ['sinceImagePushed without countUnit', policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 14 } }), ['countUnit: sinceImagePushed needs countUnit "days"']],
  ['imageCountMoreThan with countUnit', policyText({ priority: 1, selection: { ...untagged, countUnit: 'days' } }), ['countUnit: imageCountMoreThan takes no countUnit']],
  ['an unknown selection field', policyText({ priority: 1, selection: { ...untagged, tagPrefix: 'v' } }), ['selection.tagPrefix: unknown field']],
  ['transition without a target', policyText({ priority: 1, selection: untagged, action: { type: 'transition' } }), ['targetStorageClass: transition needs targetStorageClass "archive"']],
  ['sinceImagePulled expiring', policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 } }), ['action.type: sinceImagePulled is for transition rules']],
  ['sinceImageTransitioned on standard images', policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 } }), ['storageClass: sinceImageTransitioned selects archived images']],
  ['archived images expired before 90 days', policyText({ priority: 1, selection: { tagStatus: 'untagged', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 30 } }), ['countNumber: an archived image cannot be expired before 90 days']],
  ['archive with imageCountMoreThan', policyText({ priority: 1, selection: { ...untagged, storageClass: 'archive' } }), ['storageClass: imageCountMoreThan selects standard \\(active\\) images only']],
  ['two rules with one priority', policyText({ priority: 3, selection: untagged }, { priority: 3, selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 1 } }), ['^rules\\[1\\].rulePriority: 3 is already the priority of rules\\[0\\]']],
  ['any before another rule', policyText({ priority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 } }, { priority: 2, selection: untagged }), ['^rules\\[0\\].rulePriority: a rule with tagStatus any must have the highest rulePriority']],
  ['two untagged rules', policyText({ priority: 1, selection: untagged }, { priority: 2, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 } }), ['^rules\\[1\\].selection.tagStatus: only one rule may select untagged standard images']],
  ['two rules with one tag list', policyText({ priority: 1, selection: { tagStatus: 'tagged', tagPrefixList: ['a', 'b'], countType: 'imageCountMoreThan', countNumber: 1 } }, { priority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['b', 'a'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 } }), ['^rules\\[1\\].selection: the same tag list as rules\\[0\\]']],
])('%s is refused with a clear error', (_name, text, expected) => {
  const found = errors(text);
  for (const pattern of expected) expect(found.some((line) => new RegExp(pattern).test(line))).toBe(true);
});

test('every problem is reported at once, one line each', () => {
  const parsed = parseLifecyclePolicy(policyText({ priority: 0, selection: { tagStatus: 'some', countType: 'imageCountMoreThan', countNumber: -1 }, action: { type: 'delete' } }));
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(formatLifecycleIssues(parsed.issues).split('; ')).toHaveLength(4);
});

test('a transition rule and an expire rule for archived images may share a tag list (they select apart)', () => {
  expect(errors(policyText(
    { priority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['rc-*'], countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 }, action: { type: 'transition', targetStorageClass: 'archive' } },
    { priority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['rc-*'], storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 180 } },
  ))).toEqual([]);
});
