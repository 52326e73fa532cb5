/**
 * The faults of one case, drawn by fast-check: AWS throttling on 30 % of calls, 5xx and hung calls on some services,
 * Kubernetes 410 on continue tokens, 429, 500 and hung lists, BatchDeleteImage items that fail and answers that are
 * lost, and the process killed after k digests of apply; plus the client settings of the faulty run (attempts,
 * request timeouts, page size), so that some runs ride the faults out and others give up.
 */
import fc from 'fast-check';
import type { Fault } from '../../emulator/aws/limits';
import type { K8sFault } from '../../emulator/k8s/server';
import type { ClientProfile } from './dependencies';
import type { CampaignWorld } from './world';

/** Every service a run calls, by SigV4 signing name. */
export const AWS_SERVICES = ['sts', 'ssm', 'ecr', 'ecs', 'events', 'scheduler', 'eks', 'lambda', 'batch'] as const;

/**
 * Request timeouts of a faulty run: short, so that a hung call costs little, yet long enough that an ordinary call
 * on a loaded two-core machine (TLS handshake included) never hits them. An injected AWS hang outlasts the timeout.
 */
export const FAULTY_REQUEST_TIMEOUT_MS = 150;
export const FAULTY_KUBE_TIMEOUT_MS = 300;
export const AWS_HANG_MS = 400;

export interface FaultPlan {
  readonly seed: number;
  /** Forced page size of the emulated AWS lists: small pages, more calls, more places for a fault to land mid-list. */
  readonly awsPageSize: number;
  readonly awsThrottle: boolean;
  readonly awsServerErrors: readonly string[];
  readonly awsServerErrorRate: number;
  readonly awsHangs: number;
  readonly kube: readonly K8sFault[];
  readonly deleteItemFailureRate: number;
  readonly lostAnswerRate: number;
  readonly kill?: { readonly afterDigests: number; readonly answerLost: boolean };
  readonly profile: ClientProfile;
}

/** A hung list is never retried by the product (the source fails closed), so hangs are the rarest kind. */
const kubeFaultArb: fc.Arbitrary<K8sFault> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('expire-continue' as const), rate: fc.constantFrom(0.1, 0.3, 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('throttle' as const), rate: fc.constantFrom(0.05, 0.2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('server-error' as const), rate: fc.constantFrom(0.05, 0.1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hang' as const), rate: fc.constant(0.2), remaining: fc.constant(1) }) },
);

const profileArb: fc.Arbitrary<ClientProfile> = fc.record({
  // Mostly enough attempts to ride the faults out and reach apply; sometimes too few, so the run must fail closed.
  maxAttempts: fc.constantFrom(3, 8, 8, 8),
  requestTimeoutMs: fc.constant(FAULTY_REQUEST_TIMEOUT_MS),
  backoffMs: fc.constant(1),
  kubePageSize: fc.integer({ min: 1, max: 3 }),
  kubeRequestTimeoutMs: fc.constant(FAULTY_KUBE_TIMEOUT_MS),
  kubeRetries: fc.integer({ min: 2, max: 3 }),
});

export const faultPlanArb: fc.Arbitrary<FaultPlan> = fc.record({
  seed: fc.nat(),
  awsPageSize: fc.constantFrom(2, 5, 20),
  awsThrottle: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  awsServerErrors: fc.subarray([...AWS_SERVICES], { maxLength: 3 }),
  awsServerErrorRate: fc.constantFrom(0.05, 0.15),
  awsHangs: fc.integer({ min: 0, max: 7 }).map((n) => Math.max(0, n - 5)),
  kube: fc.array(kubeFaultArb, { maxLength: 2 }),
  deleteItemFailureRate: fc.constantFrom(0, 0, 0.2, 0.5),
  lostAnswerRate: fc.constantFrom(0, 0, 0.3),
  kill: fc.option(fc.record({ afterDigests: fc.integer({ min: 0, max: 4 }), answerLost: fc.boolean() }), { nil: undefined, freq: 2 }),
  profile: profileArb,
}, { requiredKeys: ['seed', 'awsPageSize', 'awsThrottle', 'awsServerErrors', 'awsServerErrorRate', 'awsHangs', 'kube', 'deleteItemFailureRate', 'lostAnswerRate', 'profile'] });

/** Arms the world with the plan's emulator faults (the kill switch is armed on the run's own client). */
export function injectFaults(world: CampaignWorld, plan: FaultPlan): void {
  const aws: Fault[] = [
    // The hangs first: with `remaining`, a few calls hang wherever they fall, then the budget is spent.
    ...(plan.awsHangs > 0 ? AWS_SERVICES.map((service) => ({ service, kind: 'hang' as const, rate: 0.05, remaining: plan.awsHangs })) : []),
    ...plan.awsServerErrors.map((service) => ({ service, kind: 'server-error' as const, rate: plan.awsServerErrorRate })),
    ...(plan.awsThrottle ? AWS_SERVICES.map((service) => ({ service, kind: 'throttle' as const, rate: 0.3 })) : []),
  ];
  world.aws.setFaults(aws);
  world.k8s.setFaults(plan.kube);
  world.deleteFaults.itemFailureRate = plan.deleteItemFailureRate;
  world.deleteFaults.lostAnswerRate = plan.lostAnswerRate;
}

export function clearFaults(world: CampaignWorld): void {
  world.aws.setFaults([]);
  world.k8s.setFaults([]);
  world.deleteFaults.clear();
}

/** Faults that fired, by kind: the emulators' own counts, the delete faults' and the kill. */
export function injectedFaults(world: CampaignWorld, killed: boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (kind: string, n: number) => {
    if (n > 0) counts[kind] = (counts[kind] ?? 0) + n;
  };
  for (const [key, n] of world.aws.faults.injected) add(`aws ${key.slice(key.lastIndexOf(':') + 1)}`, n);
  let answered = 0;
  for (const [key, n] of world.k8s.statuses) {
    const status = key.slice(key.lastIndexOf(' ') + 1);
    answered += n;
    if (status !== '200') add(`kube ${status}`, n);
  }
  add('kube hang', [...world.k8s.calls.values()].reduce((a, b) => a + b, 0) - answered);
  add('delete item failure', world.deleteFaults.itemFailures);
  add('delete answer lost', world.deleteFaults.lostAnswers);
  add('killed mid-apply', killed ? 1 : 0);
  return counts;
}
