/**
 * One estate case: every workload account's scheduled run (each writing its export; the fault may skip one, age it,
 * or fail one of its sources), then what happens in between (an export deleted, overwritten, attacked; workloads
 * deployed after their export), then the registry's run under the fault's S3 failures. The registry's ECR, report
 * and email are judged against the oracle (estate-invariants.ts), and the window is measured.
 */
import type { RunReport } from '../../lambda/report/report';
import { topicArn, buildEstate } from './estate-builder';
import { expectation, registryRunFaults, workloadRunPlan } from './estate-faults';
import { betweenRuns, type Interlude, type LateReference } from './estate-interlude';
import { judgeRegistryRun, type EstateViolation } from './estate-invariants';
import { estateOracle, referencedIn } from './estate-oracle';
import type { EstateSpec, ExchangeFaultKind } from './estate-spec';
import { runAccount, startEstateWorld, type EstateWorld } from './estate-world';
import { stateOf, type EcrState } from './invariants';

/** What became of the images late references pull, by their age: `in-grace deleted` would be a bug, not the window. */
export type LateOutcomes = Readonly<Record<`${LateReference['age']} ${'deleted' | 'kept'}`, number>>;

export interface EstateOutcome {
  readonly kind: ExchangeFaultKind;
  readonly violations: readonly EstateViolation[];
  /** `deleted`, `blocked (222222222222 stale)`, `failed (…)`. */
  readonly registry: string;
  readonly deleted: number;
  readonly deletable: number;
  readonly accounts: number;
  /** Workload accounts in another region than the registry's. */
  readonly crossRegion: number;
  /** Emulator faults that fired, by `service.Operation:kind`. */
  readonly injected: Readonly<Record<string, number>>;
  readonly foreignWrites: { readonly attempted: number; readonly denied: number };
  readonly late: LateOutcomes;
  /** Age of the oldest export the registry relied on, when it stated one. */
  readonly oldestExportAgeMs?: number;
  /** The window: how old the export of the account holding the late references was when the registry decided. */
  readonly windowMs?: number;
}

export async function runEstateCase(spec: EstateSpec, now: number): Promise<EstateOutcome> {
  const world = await startEstateWorld(buildEstate(spec, now), spec.seed);
  try {
    const workloads = await runWorkloads(world, now);
    const oracle = estateOracle(spec, world.estate.registry.ecr.repositories, workloads.exported, now);
    const interlude = await betweenRuns(world, now);
    const { report, injected } = await runRegistry(world, now);
    const { registry } = world.estate;
    const after = stateOf(registry.ecr.repositories);
    const emails = registry.sns.published.filter((message) => message.topicArn === topicArn(registry));
    const violations = [
      ...workloads.violations,
      ...judgeRegistryRun({ oracle, expectation: expectation(spec), report, after, emails, interlude, exportedAt: workloads.exportedAt }),
    ];
    const holderExportedAt = workloads.exportedAt.get(interlude.late[0]?.holder ?? '');
    return {
      kind: spec.fault.kind, violations, injected, registry: outcomeOf(report),
      deleted: oracle.original.size - after.size, deletable: oracle.deletable.size,
      accounts: spec.workloads.length, crossRegion: spec.workloads.filter((w) => w.region !== spec.registryRegion).length,
      foreignWrites: { attempted: interlude.foreignWrite?.attempts.length ?? 0, denied: interlude.foreignWrite?.attempts.filter((a) => a.answer === 'AccessDenied').length ?? 0 },
      late: lateOutcomes(interlude, after),
      ...(report.oldestExport && report.decidedAt !== undefined ? { oldestExportAgeMs: report.decidedAt - report.oldestExport.collectedAt } : {}),
      ...(holderExportedAt !== undefined ? { windowMs: now - holderExportedAt } : {}),
    };
  } finally {
    await world.close();
  }
}

/** The registry's run, under the fault's S3 failures (for the registry's calls only); the faults that fired. */
async function runRegistry(world: EstateWorld, now: number): Promise<{ report: RunReport; injected: Record<string, number> }> {
  const faults = registryRunFaults(world.estate.spec.fault);
  world.aws.setFaults(faults.faults);
  try {
    const report = await runAccount(world, { model: world.estate.registry, clock: now, attempts: faults.attempts });
    return { report, injected: Object.fromEntries(world.aws.faults.injected) };
  } finally {
    world.aws.setFaults([]);
  }
}

interface WorkloadRuns {
  /** Per workload account, what its workloads pulled when its export was written (or would have been). */
  readonly exported: Map<string, Set<string>>;
  /** The collection time of each export written. */
  readonly exportedAt: Map<string, number>;
  readonly violations: EstateViolation[];
}

/** The workload accounts' runs, at once: a fault injected for one carries its account id and touches no other. */
async function runWorkloads(world: EstateWorld, now: number): Promise<WorkloadRuns> {
  const { spec, workloads, registry } = world.estate;
  const plans = workloads.map((_, i) => workloadRunPlan(spec, i, now));
  world.aws.setFaults(plans.flatMap((plan) => plan.faults));
  const reports = await Promise.all(workloads.map((w, i) => (plans[i]?.skip ? undefined : runAccount(world, { model: w.model, clock: plans[i]?.clock ?? now }))));
  world.aws.setFaults([]);
  const runs: WorkloadRuns = { exported: new Map(), exportedAt: new Map(), violations: [] };
  workloads.forEach((workload, i) => {
    runs.exported.set(workload.id, referencedIn(workload.model, registry));
    const report = reports[i];
    if (!report) return;
    runs.exportedAt.set(workload.id, plans[i]?.clock ?? now);
    const touched = (plans[i]?.faults.length ?? 0) > 0;
    if (report.exported?.error !== undefined || !report.exported || report.exported.complete === touched) {
      runs.violations.push({ invariant: 0, detail: `${workload.id}'s run exported ${JSON.stringify(report.exported)} (${report.outcome}: ${report.errors.join('; ')})` });
    }
  });
  return runs;
}

/** `deleted`, `blocked (222222222222 stale)`: what blocked it, or `failed (…)`: why it failed. */
function outcomeOf(report: RunReport): string {
  if (report.outcome === 'failed') return `failed (${report.errors.join('; ')})`;
  if (report.outcome !== 'blocked') return report.outcome;
  return `blocked (${report.blockers.map((b) => (b.code === 'expected-export' ? b.problems.map((p) => `${p.id} ${p.problem}`).join(', ') : b.code)).join('; ')})`;
}

function lateOutcomes(interlude: Interlude, after: EcrState): LateOutcomes {
  const outcomes = { 'in-grace deleted': 0, 'in-grace kept': 0, 'out-of-grace deleted': 0, 'out-of-grace kept': 0 };
  for (const { key, age } of interlude.late) outcomes[`${age} ${after.has(key) ? 'kept' : 'deleted'}`] += 1;
  return outcomes;
}
