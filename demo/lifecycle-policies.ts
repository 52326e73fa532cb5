/**
 * Lifecycle policies users arrive with (shared/seeds 000-002 and two common shapes), put on the demo account's
 * repositories: what the demo's coexistence step shows, and what `lifecycle compare` and `lifecycle import` are run
 * against in test/cli/lifecycle.test.ts.
 */
import { DeleteLifecyclePolicyCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DEMO_REGION, type DemoEnvironment } from './environment';

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

/** Through the ECR API, as a user would (`aws ecr delete-lifecycle-policy`). */
export async function removeLifecyclePolicies(world: DemoEnvironment): Promise<void> {
  const credentials = { accessKeyId: world.env.AWS_ACCESS_KEY_ID as string, secretAccessKey: world.env.AWS_SECRET_ACCESS_KEY as string };
  const ecr = new ECRClient({ endpoint: world.aws.url, region: DEMO_REGION, credentials });
  for (const repositoryName of Object.keys(DEMO_LIFECYCLE_POLICIES)) await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName }));
  ecr.destroy();
}
