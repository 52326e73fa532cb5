/**
 * The random part of a campaign account, as a small plain spec that fast-check can shrink: repositories of artifacts
 * (plain images, multi-arch indexes with their children, cosign signatures and OCI referrers, archived images),
 * tagged from the lineages' families or not at all, of every age around the grace period; and live references
 * planted in ECS, EKS, Lambda and Batch, by tag, by digest or both, some of them to images that do not exist.
 */
import fc from 'fast-check';
import { DAY, HOUR, MINUTE, policySetArb, REPOSITORY_NAMES, type PolicySet } from './policy-set';

export type TagKind = 'git' | 'rel' | 'pr' | 'latest' | 'prd' | 'v' | 'other';

export interface ArtifactSpec {
  readonly index: boolean;
  readonly tags: readonly TagKind[];
  readonly ageMs: number;
  /** Pulled this long ago (never later than pushed); never pulled when absent. */
  readonly pulledAgeMs?: number;
  readonly archived: boolean;
  readonly attachment: 'none' | 'cosign' | 'referrer';
}

export interface RepositorySpec {
  readonly name: string;
  readonly artifacts: readonly ArtifactSpec[];
}

export type Placement = 'ecs-task' | 'ecs-service' | 'ecs-task-definition' | 'eks-pod' | 'eks-cronjob' | 'eks-replicaset' | 'lambda' | 'batch';

export interface ReferenceSpec {
  readonly placement: Placement;
  /** Which image of the account (modulo their number) the reference names. */
  readonly pick: number;
  /** `missing`: a tag that no image carries, in a repository that may not exist. */
  readonly form: 'tag' | 'digest' | 'tag+digest' | 'missing';
}

export interface AccountSpec {
  readonly policySet: PolicySet;
  readonly repositories: readonly RepositorySpec[];
  readonly references: readonly ReferenceSpec[];
}

/** Ages on both sides of every grace period the policy set draws (1m to 1d) and of the untagged windows. */
const ageArb = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 59 }).map((m) => m * MINUTE + 1) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 47 }).map((h) => h * HOUR) },
  // Mostly old, so that the rules, not the grace period, decide and most cases have something to delete.
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 120 }).map((d) => d * DAY) },
);

const artifactArb: fc.Arbitrary<ArtifactSpec> = fc.record({
  index: fc.boolean(),
  tags: fc.array(fc.constantFrom<TagKind>('git', 'git', 'rel', 'pr', 'latest', 'prd', 'v', 'other'), { maxLength: 3 }),
  ageMs: ageArb,
  pulledAgeMs: fc.option(ageArb, { nil: undefined }),
  archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  attachment: fc.constantFrom<ArtifactSpec['attachment']>('none', 'none', 'cosign', 'referrer'),
}, { requiredKeys: ['index', 'tags', 'ageMs', 'archived', 'attachment'] });

const repositoryArb: fc.Arbitrary<RepositorySpec> = fc.record({
  name: fc.constantFrom(...REPOSITORY_NAMES),
  artifacts: fc.array(artifactArb, { minLength: 1, maxLength: 7 }),
});

const referenceArb: fc.Arbitrary<ReferenceSpec> = fc.record({
  placement: fc.constantFrom<Placement>('ecs-task', 'ecs-service', 'ecs-task-definition', 'eks-pod', 'eks-cronjob', 'eks-replicaset', 'lambda', 'batch'),
  pick: fc.nat(1_000),
  form: fc.constantFrom<ReferenceSpec['form']>('tag', 'tag', 'digest', 'tag+digest', 'missing'),
});

export const accountSpecArb: fc.Arbitrary<AccountSpec> = fc.record({
  policySet: policySetArb,
  repositories: fc.uniqueArray(repositoryArb, { minLength: 1, maxLength: 3, selector: (r) => r.name }),
  references: fc.array(referenceArb, { maxLength: 6 }),
});
