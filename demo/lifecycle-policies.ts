/**
 * Lifecycle policies users arrive with (shared/seeds 000-002 and two common shapes), put on the demo account's
 * repositories: what the demo's coexistence step shows, and what `lifecycle compare` and `lifecycle import` are run
 * against in test/cli/lifecycle.test.ts.
 */
import type { DemoEnvironment } from './environment';

const rule = (rulePriority: number, description: string, selection: Record<string, unknown>) => ({ rulePriority, description, selection, action: { type: 'expire' } });

/** Seed 002: "Keep last 5 production images", then "Expire images older than 14 days". */
export const SEED_002 = JSON.stringify({
  rules: [
    rule(1, 'Keep last 5 production images', { tagStatus: 'tagged', tagPrefixList: ['tag'], countType: 'imageCountMoreThan', countNumber: 5 }),
    rule(5, 'Expire images older than 14 days', { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }),
  ],
});
/** Seed 001: "Keep only one untagged image, expire all others". */
export const SEED_001 = JSON.stringify({ rules: [rule(1, 'Keep only one untagged image, expire all others', { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 })] });
/** Seed 000: `expire | imageCountMoreThan (10) | untagged`. */
export const SEED_000 = JSON.stringify({ rules: [rule(1, 'Expire untagged beyond 10', { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 10 })] });
/** The most common policy of all: everything older than two weeks. */
export const TWO_WEEKS = JSON.stringify({ rules: [rule(1, 'Expire images older than 14 days', { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 })] });
/** Pull-request images by tag pattern. */
export const PULL_REQUESTS = JSON.stringify({ rules: [rule(1, 'Keep the last 4 pull-request builds', { tagStatus: 'tagged', tagPatternList: ['pr-*'], countType: 'imageCountMoreThan', countNumber: 4 })] });

export const DEMO_LIFECYCLE_POLICIES: Readonly<Record<string, string>> = {
  'shop/web': SEED_002,
  'platform/base': SEED_001,
  'sandbox/experiments': SEED_000,
  'shop/api': TWO_WEEKS,
  'shop/worker': TWO_WEEKS,
  'shop/frontend': PULL_REQUESTS,
};

export function putLifecyclePolicies(world: DemoEnvironment, policies: Readonly<Record<string, string>> = DEMO_LIFECYCLE_POLICIES): void {
  for (const repository of world.aws.account.ecr.repositories) {
    const text = policies[repository.name];
    if (text !== undefined) repository.lifecyclePolicy = text;
  }
}
