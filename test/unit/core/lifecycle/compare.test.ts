/** What the lifecycle policy acts on, set against the plan: one verdict per image, the live one first. */
import { compareRepository } from '../../../../lambda/core/lifecycle/compare';
import { evaluateLifecyclePolicy } from '../../../../lambda/core/lifecycle/evaluate';
import type { Decision } from '../../../../lambda/core/plan';
import type { Reason } from '../../../../lambda/core/reasons';
import { digestOf } from '../../../support/core-builders';
import { img, policyOf, policyText } from './fixtures';

const decision = (image: ReturnType<typeof img>, action: 'keep' | 'delete', ...reasons: Reason[]): Decision => ({ region: 'r', repository: 'app', policy: 'p', image, action, reasons });

test('live (own reference or member of a live index) > protected > kept > deleted; ungoverned without a decision; tool-only deletions', () => {
  const images = {
    live: img('live', [], 30),
    member: img('member', [], 30),
    index: img('index', ['v1'], 1, { childDigests: [digestOf('member')] }),
    protectedOne: img('protected', [], 30),
    kept: img('kept', [], 30),
    deleted: img('deleted', [], 30),
    ungoverned: img('ungoverned', [], 30),
    toolOnly: img('tool-only', ['v0'], 2),
  };
  const all = Object.values(images);
  const evaluated = evaluateLifecyclePolicy(policyOf(policyText({ priority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 } })), all, Date.UTC(2026, 10, 23, 12));
  const decisions = new Map([
    [images.live.digest, decision(images.live, 'keep', { code: 'live', verdict: 'keep', locations: ['ecs service/api'] }, { code: 'untagged', verdict: 'expire' })],
    [images.member.digest, decision(images.member, 'keep', { code: 'closure', verdict: 'keep', relation: 'child', parent: images.index.digest })],
    [images.protectedOne.digest, decision(images.protectedOne, 'keep', { code: 'protected', verdict: 'keep', tag: 'prd', pattern: 'prd' })],
    [images.kept.digest, decision(images.kept, 'keep', { code: 'in-grace', verdict: 'keep', by: 'pulled', ageMs: 1, graceMs: 2 })],
    [images.deleted.digest, decision(images.deleted, 'delete', { code: 'untagged', verdict: 'expire' })],
    [images.toolOnly.digest, decision(images.toolOnly, 'delete', { code: 'unmatched', verdict: 'expire' })],
  ]);
  const live = new Map([[images.index.digest, ['eks pod/web']]]);
  const { acted, deletedOnlyByTool } = compareRepository({ evaluated, decisions, live });
  expect(acted.map((entry) => [entry.image.digest, entry.verdict, entry.details.join(' | ')])).toEqual([
    [images.live.digest, 'live', 'ecs service/api'],
    [images.member.digest, 'live', `member of live index ${images.index.digest.slice(7, 19)}: eks pod/web`],
    [images.protectedOne.digest, 'protected', 'protected: tag prd matches prd'],
    [images.kept.digest, 'kept', 'in grace period: pulled 0m ago (< 0m)'],
    [images.deleted.digest, 'deleted', 'untagged: the untagged rule expires it'],
    [images.ungoverned.digest, 'ungoverned', 'governed by no policy of the config: never touched'],
  ]);
  expect(deletedOnlyByTool.map((image) => image.digest)).toEqual([images.toolOnly.digest]);
});
