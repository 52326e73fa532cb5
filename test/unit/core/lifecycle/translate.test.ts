/** Lifecycle rules in the config's terms, with a note wherever the meaning changes (lifecycle import). */
import { groupByPolicy, policyNames, translatePolicy } from '../../../../lambda/core/lifecycle/translate';
import { tagsRegex } from '../../../../lambda/core/lifecycle/translate-rule';
import { policyOf, policyText, SEED_000, SEED_001, SEED_002 } from './fixtures';

test.each<[string, Record<string, unknown>, string]>([
  ['a prefix is anchored: prefix.*', { tagPrefixList: ['tag'] }, 'tag.*'],
  ['regex characters of a prefix are literal', { tagPrefixList: ['v1.2+'] }, 'v1\\.2\\+.*'],
  ['a pattern\'s * is .*', { tagPatternList: ['*prod*-v?.1'] }, '.*prod.*-v\\?\\.1'],
  ['several entries become one alternation', { tagPatternList: ['prod*', '*-amd64'] }, '(?:prod.*|.*-amd64)'],
])('%s', (_name, lists, regex) => {
  expect(tagsRegex({ tagStatus: 'tagged', ...lists, storageClass: 'standard', countType: 'imageCountMoreThan', countNumber: 1 })).toBe(regex);
});

test('seed 002: rule 1 becomes a lineage keeping the newest 5, the any rule a note; unmatched keep says what is kept', () => {
  const draft = translatePolicy(policyOf(SEED_002), ['shop/web'], 'lifecycle-shop-web');
  expect(draft.lineages).toEqual([expect.objectContaining({ name: 'rule-1', tags: 'tag.*', keep: { newest: 5 } })]);
  expect(draft.lineages[0]?.notes.join('\n')).toContain('orderBy: version (named captures) ranks it by its tag');
  expect(draft.untranslated).toEqual([expect.stringMatching(/^rule 5 \(Expire images older than 14 days\): any, sinceImagePushed 14 days: applies to every image no earlier rule takes/)]);
  expect(draft.unmatched.notes[0]).toBe('any tagged digest that matches no lineage is kept: unmatched: keep');
  expect(draft.untagged.value).toBe('keep');
});

test('seeds 000 and 001: untagged rules become untagged: { keep: { newest } }, noting that index members follow their index', () => {
  for (const [text, newest] of [[SEED_000, 10], [SEED_001, 1]] as const) {
    const draft = translatePolicy(policyOf(text), ['r'], 'n');
    expect(draft.untagged.value).toEqual({ keep: { newest } });
    expect(draft.untagged.notes.join('\n')).toContain('index members and referrers are not counted or expired here');
  }
});

test('sinceImagePushed becomes pushedWithin; transition and archive rules do not translate; a later tagged rule notes first-match', () => {
  const draft = translatePolicy(policyOf(policyText(
    { priority: 1, selection: { tagStatus: 'tagged', tagPrefixList: ['rc'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 } },
    { priority: 2, selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 3 } },
    { priority: 3, selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 30 }, action: { type: 'transition', targetStorageClass: 'archive' } },
    { priority: 4, selection: { tagStatus: 'untagged', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 } },
  )), ['a'], 'n');
  expect(draft.lineages.map((l) => [l.name, l.keep])).toEqual([['rule-1', { pushedWithin: '30d' }], ['rule-2', { newest: 3 }]]);
  expect(draft.lineages[1]?.notes.join('\n')).toContain('ECR lets the first rule whose tags match decide an image alone');
  expect(draft.untranslated).toEqual([expect.stringContaining('archives images (transition)'), expect.stringContaining('expires archived images')]);
});

test('repositories with the same policy, whatever its layout, form one group; names stay unique', () => {
  const found = [
    { repository: 'b', text: SEED_001, policy: policyOf(SEED_001) },
    { repository: 'a', text: JSON.stringify(JSON.parse(SEED_001), null, 2), policy: policyOf(JSON.stringify(JSON.parse(SEED_001), null, 2)) },
    { repository: 'shop-web', text: SEED_000, policy: policyOf(SEED_000) },
    { repository: 'shop/web', text: SEED_002, policy: policyOf(SEED_002) },
  ];
  const groups = groupByPolicy(found);
  expect(groups.map((g) => g.repositories)).toEqual([['a', 'b'], ['shop-web'], ['shop/web']]);
  expect(policyNames(groups)).toEqual(['lifecycle-a', 'lifecycle-shop-web', 'lifecycle-shop-web-2']);
});
