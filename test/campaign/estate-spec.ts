/**
 * The random part of a multi-account estate (README "Central registry"), as a plain spec fast-check can shrink: one
 * registry account holding the images and no workloads; one to three workload accounts, each in its own region (often
 * not the registry's: cross-region pulls), whose ECS services, tasks, task definitions, Lambda functions and Batch job
 * definitions pull from the registry; and the one fault the exchange meets in this case.
 */
import fc from 'fast-check';
import { DAY, HOUR, MINUTE } from './policy-set';

export const REGISTRY_ID = '111111111111';
export const WORKLOAD_IDS = ['222222222222', '333333333333', '444444444444'] as const;
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
export const REGISTRY_REPOSITORIES = ['app/api', 'app/web', 'base/os'] as const;

/** One tag kind per image, so that no image is both in a lineage and unmatched: the oracle stays exact. */
export type RegistryTag = 'git' | 'prd' | 'latest' | 'other' | 'none';

export interface RegistryImageSpec {
  readonly tag: RegistryTag;
  readonly ageMs: number;
  /** Pulled this long ago (never before its push); never pulled when absent. */
  readonly pulledAgeMs?: number;
}

export interface RegistryRepositorySpec {
  readonly name: string;
  readonly images: readonly RegistryImageSpec[];
}

export type WorkloadPlacement = 'ecs-service' | 'ecs-task' | 'ecs-task-definition' | 'lambda' | 'batch';

export interface WorkloadReferenceSpec {
  readonly placement: WorkloadPlacement;
  /** Which registry image (modulo their number) the workload pulls. */
  readonly pick: number;
  readonly form: 'tag' | 'digest' | 'tag+digest';
}

export interface WorkloadSpec {
  readonly region: string;
  /** How long before the registry's run this account's run (and so its export) happened; always under maxAge. */
  readonly exportAgeMs: number;
  readonly references: readonly WorkloadReferenceSpec[];
}

/**
 * A workload deployed after its account's export, pulling an image no export references: a fresh build (pushed
 * minutes ago, inside any grace period) or a rollback to an old one (days old, outside it).
 */
export interface LateReferenceSpec {
  /** Which of the estate's repositories (modulo their number) the image is pushed to. */
  readonly repository: number;
  readonly ageMs: number;
  /** Tagged with an unmatched build tag and pulled by it, or untagged and pulled by digest. */
  readonly tagged: boolean;
}

export type ExchangeFault =
  | { readonly kind: 'none' }
  | { readonly kind: 'missing'; readonly victim: number; readonly how: 'run-skipped' | 'object-deleted' }
  | { readonly kind: 'stale'; readonly victim: number; readonly beyondMaxAgeMs: number }
  | { readonly kind: 'malformed'; readonly victim: number; readonly junk: 'not-json' | 'not-an-export' | 'wrong-id' | 'unknown-version' }
  | { readonly kind: 'incomplete'; readonly victim: number; readonly service: 'ecs' | 'lambda' | 'batch' }
  /** `victim` indexes the workload accounts and, one past them, the registry (whose own export is as much at stake). */
  | { readonly kind: 'foreign-write'; readonly attacker: number; readonly victim: number }
  | { readonly kind: 'exchange-unlistable'; readonly error: 'throttle' | 'server-error' }
  | { readonly kind: 'exchange-unreadable'; readonly error: 'throttle' | 'server-error' }
  /** Throttling or 5xx on some of the registry's S3 calls: ridden out by retries, or blocked; never a wrong deletion. */
  | { readonly kind: 'exchange-flaky'; readonly rate: number; readonly attempts: number }
  | { readonly kind: 'window'; readonly holder: number; readonly late: readonly LateReferenceSpec[] };

export type ExchangeFaultKind = ExchangeFault['kind'];

export interface EstateSpec {
  /** Seeds the emulator's fault draws (the flaky exchange's), so that a case replays exactly. */
  readonly seed: number;
  readonly registryRegion: string;
  readonly graceMinutes: number;
  readonly mainlineNewest: number;
  readonly maxAgeHours: number;
  readonly repositories: readonly RegistryRepositorySpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly fault: ExchangeFault;
}

/**
 * Ages away from every grace boundary (grace is 1 h or 1 d): under 1 h (always in grace), 3 to 20 h (in grace only
 * under 1 d), 2 to 60 d (never). Mostly old, so that most estates have something to delete.
 */
const ageArb = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 5, max: 50 }).map((m) => m * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: 3, max: 20 }).map((h) => h * HOUR) },
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 60 }).map((d) => d * DAY) },
);

const imageArb: fc.Arbitrary<RegistryImageSpec> = fc.record({
  tag: fc.constantFrom<RegistryTag>('git', 'git', 'git', 'prd', 'latest', 'other', 'none', 'none'),
  ageMs: ageArb,
  pulledAgeMs: fc.option(ageArb, { nil: undefined, freq: 4 }),
}, { requiredKeys: ['tag', 'ageMs'] });

const repositoryArb: fc.Arbitrary<RegistryRepositorySpec> = fc.record({
  name: fc.constantFrom(...REGISTRY_REPOSITORIES),
  images: fc.array(imageArb, { minLength: 2, maxLength: 7 }),
});

const referenceArb: fc.Arbitrary<WorkloadReferenceSpec> = fc.record({
  placement: fc.constantFrom<WorkloadPlacement>('ecs-service', 'ecs-service', 'ecs-task', 'ecs-task-definition', 'lambda', 'lambda', 'batch'),
  pick: fc.nat(1_000),
  form: fc.constantFrom<WorkloadReferenceSpec['form']>('tag', 'tag', 'digest', 'tag+digest'),
});

const workloadArb: fc.Arbitrary<WorkloadSpec> = fc.record({
  region: fc.constantFrom(...REGIONS),
  exportAgeMs: fc.integer({ min: 1, max: 360 }).map((m) => m * MINUTE),
  references: fc.array(referenceArb, { minLength: 1, maxLength: 4 }),
});

const victimArb = fc.nat(2);
const errorArb = fc.constantFrom<'throttle' | 'server-error'>('throttle', 'server-error');
const lateArb: fc.Arbitrary<LateReferenceSpec> = fc.record({
  repository: fc.nat(2),
  ageMs: fc.oneof(fc.integer({ min: 5, max: 50 }).map((m) => m * MINUTE), fc.integer({ min: 2, max: 60 }).map((d) => d * DAY)),
  tagged: fc.boolean(),
});

export const exchangeFaultArb: fc.Arbitrary<ExchangeFault> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('missing' as const), victim: victimArb, how: fc.constantFrom('run-skipped' as const, 'object-deleted' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), victim: victimArb, beyondMaxAgeMs: fc.integer({ min: 1, max: 2_880 }).map((m) => m * MINUTE) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('malformed' as const), victim: victimArb, junk: fc.constantFrom('not-json' as const, 'not-an-export' as const, 'wrong-id' as const, 'unknown-version' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('incomplete' as const), victim: victimArb, service: fc.constantFrom('ecs' as const, 'lambda' as const, 'batch' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign-write' as const), attacker: victimArb, victim: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exchange-unlistable' as const), error: errorArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exchange-unreadable' as const), error: errorArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exchange-flaky' as const), rate: fc.constantFrom(0.3, 0.6), attempts: fc.constantFrom(2, 4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('window' as const), holder: victimArb, late: fc.array(lateArb, { minLength: 2, maxLength: 4 }) }) },
);

export const estateSpecArb: fc.Arbitrary<EstateSpec> = fc.record({
  seed: fc.nat(),
  registryRegion: fc.constantFrom(...REGIONS),
  graceMinutes: fc.constantFrom(60, 1_440),
  mainlineNewest: fc.integer({ min: 1, max: 2 }),
  maxAgeHours: fc.constantFrom(12, 24),
  repositories: fc.uniqueArray(repositoryArb, { minLength: 1, maxLength: 3, selector: (r) => r.name }),
  workloads: fc.array(workloadArb, { minLength: 1, maxLength: 3 }),
  fault: exchangeFaultArb,
});

/** The estate fast-check draws first for this seed: the bench's case i, replayable alone. */
export function estateOfSeed(seed: number): EstateSpec {
  return fc.sample(estateSpecArb, { seed, numRuns: 1 })[0] as EstateSpec;
}
