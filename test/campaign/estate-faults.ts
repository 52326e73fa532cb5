/**
 * The exchange's faults, applied around the runs of one estate: before a workload account's run (skipped, run with
 * an old clock, a live source failing in that account only), between the workload runs and the registry's (its
 * object deleted or overwritten with junk by its own account, another account trying to overwrite it, a workload
 * starting to pull an image after its export), and during the registry's run (S3 failing for the registry only).
 */
import type { Fault } from '../../emulator/aws/limits';
import type { ExportProblem } from '../../lambda/core/collected';
import type { BuiltEstate } from './estate-builder';
import { expectedAccounts } from './estate-config';
import { REGISTRY_ID, type EstateSpec, type ExchangeFault } from './estate-spec';
import { PATIENT_ATTEMPTS } from './estate-world';
import { HOUR } from './policy-set';

/** How one workload account's run goes: skipped, or at which instant and under which emulator faults. */
export interface WorkloadRunPlan {
  readonly skip: boolean;
  readonly clock: number;
  readonly faults: readonly Fault[];
}

export function workloadRunPlan(spec: EstateSpec, index: number, now: number): WorkloadRunPlan {
  const fault = spec.fault;
  const workload = spec.workloads[index];
  if (!workload) throw new Error(`no workload account ${index}`);
  const victim = victimIndex(spec) === index;
  const accountId = expectedAccounts(spec)[index] as string;
  return {
    skip: victim && fault.kind === 'missing' && fault.how === 'run-skipped',
    clock: victim && fault.kind === 'stale' ? now - spec.maxAgeHours * HOUR - fault.beyondMaxAgeMs : now - workload.exportAgeMs,
    faults: victim && fault.kind === 'incomplete' ? [{ service: fault.service, kind: 'server-error', rate: 1, accountId }] : [],
  };
}

/** The workload account a fault names (modulo their number). */
export function victimOf(spec: EstateSpec, victim: number): number {
  return victim % spec.workloads.length;
}

/** The workload account whose own export the fault spoils, if any (a foreign write's victim must stay unspoiled). */
export function victimIndex(spec: EstateSpec): number | undefined {
  const fault = spec.fault;
  return 'victim' in fault && fault.kind !== 'foreign-write' ? victimOf(spec, fault.victim) : undefined;
}

/** The emulator faults and the attempts per call of the registry's run. */
export function registryRunFaults(fault: ExchangeFault): { faults: Fault[]; attempts: number } {
  const only = { service: 's3', accountId: REGISTRY_ID, rate: 1 } as const;
  switch (fault.kind) {
    case 'exchange-unlistable':
      return { faults: [{ ...only, operation: 'ListObjectsV2', kind: fault.error }], attempts: PATIENT_ATTEMPTS };
    case 'exchange-unreadable':
      return { faults: [{ ...only, operation: 'GetObject', kind: fault.error }], attempts: PATIENT_ATTEMPTS };
    case 'exchange-flaky':
      return { faults: [{ ...only, kind: 'throttle', rate: fault.rate / 2 }, { ...only, kind: 'server-error', rate: fault.rate / 2 }], attempts: fault.attempts };
    default:
      return { faults: [], attempts: PATIENT_ATTEMPTS };
  }
}

/** What the registry's run must do: delete exactly the oracle's images, block naming these exports, or either. */
export type Expectation =
  | { readonly kind: 'delete' }
  | { readonly kind: 'block'; readonly ids: readonly string[]; readonly problem: ExportProblem }
  | { readonly kind: 'delete-or-block' };

export function expectation(spec: EstateSpec): Expectation {
  const fault = spec.fault;
  const index = victimIndex(spec);
  const victim = index !== undefined ? [expectedAccounts(spec)[index] as string] : [];
  switch (fault.kind) {
    case 'none':
    case 'foreign-write':
    case 'window':
      return { kind: 'delete' };
    case 'missing':
    case 'stale':
    case 'incomplete':
      return { kind: 'block', ids: victim, problem: fault.kind };
    case 'malformed':
      return { kind: 'block', ids: victim, problem: fault.junk === 'unknown-version' ? 'unknown-version' : 'malformed' };
    case 'exchange-unlistable':
    case 'exchange-unreadable':
      return { kind: 'block', ids: expectedAccounts(spec), problem: 'unreadable' };
    case 'exchange-flaky':
      return { kind: 'delete-or-block' };
  }
}

/** The junk a buggy writer leaves in its own key, from the export it had written. */
export function junkFor(junk: Extract<ExchangeFault, { kind: 'malformed' }>['junk'], written: string | undefined, estate: BuiltEstate): string {
  const document = JSON.parse(written ?? '{}') as Record<string, unknown>;
  switch (junk) {
    case 'not-json':
      return '{"format":"ecr-retention.live-set","version":1,"references":[';
    case 'not-an-export':
      return JSON.stringify({ hello: 'world', references: 'none' });
    case 'wrong-id':
      // A well-formed export under the wrong key: readers refuse an id that is not its key's.
      return JSON.stringify({ ...document, id: estate.registry.accountId, accountId: estate.registry.accountId });
    case 'unknown-version':
      return JSON.stringify({ ...document, version: 2 });
  }
}
