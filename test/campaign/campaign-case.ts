/**
 * One campaign case: an account and a fault plan.
 * 1. clean: the account in its own world, one run in delete mode without faults — the reference outcome;
 * 2. faulty: the account in a second world with the plan's faults, one run (killed mid-apply when the plan says so,
 *    then started again under the same faults);
 * 3. rerun: the faults cleared, one more run, which must land where the clean run did.
 * The ECR state the emulator holds after each run, not what the runs reported, is then judged by the invariants.
 */
import fc from 'fast-check';
import type { TestCertificates } from '../../emulator/k8s/certificates';
import { run } from '../../lambda/run';
import type { RunReport } from '../../lambda/report/report';
import { buildCampaignAccount, type CampaignAccount } from './account-builder';
import { accountSpecArb, type AccountSpec } from './account-spec';
import { campaignDependencies, PATIENT, type ClientProfile } from './dependencies';
import { AWS_HANG_MS, clearFaults, faultPlanArb, injectedFaults, injectFaults, type FaultPlan } from './fault-plan';
import { convergedToClean, nothingKeptIsGone, orphanedAttachments, removedOnlyWhatCleanRemoves, stateOf, type EcrState, type Violation } from './invariants';
import { KillSwitch } from './kill-switch';
import { mustSurvive, type MustSurvive } from './oracle';
import { ecrState, startWorld, type CampaignWorld, type WorldOptions } from './world';

/** A case: an account and the faults it meets. */
export const caseArb = fc.tuple(accountSpecArb, faultPlanArb);

/** The case fast-check draws first for this seed: `fc.assert(…, { seed, numRuns: 1 })` replays (and shrinks) it. */
export function caseOfSeed(seed: number): [AccountSpec, FaultPlan] {
  return fc.sample(caseArb, { seed, numRuns: 1 })[0] as [AccountSpec, FaultPlan];
}

export interface CaseEnvironment {
  readonly certificates: TestCertificates;
  readonly now: number;
}

export interface CaseOutcome {
  readonly violations: readonly Violation[];
  /** Injected faults by kind, across the faulty run and its restart. */
  readonly faults: Readonly<Record<string, number>>;
  /** Outcome of each run: clean, faulty, restart (after a kill), rerun. */
  readonly outcomes: Readonly<Record<string, string>>;
  readonly deletedByClean: number;
  readonly deletedUnderFaults: number;
  /** Attachments left without any parent: after the clean run, and after any run of the faulty path. */
  readonly orphans: { readonly clean: number; readonly faulty: number };
}

interface Reference {
  readonly account: CampaignAccount;
  readonly original: EcrState;
  readonly survive: MustSurvive;
  readonly clean: EcrState;
}

export async function runCase(spec: AccountSpec, plan: FaultPlan, env: CaseEnvironment): Promise<CaseOutcome> {
  const account = buildCampaignAccount(spec, env.now);
  // The two paths share nothing but the account: they run at once, and are judged once both are done.
  const [clean, faulty] = await Promise.all([cleanPath(account, plan, env), faultyPath(account, plan, env)]);
  const reference: Reference = { account, original: stateOf(account.aws.ecr.repositories), survive: mustSurvive(account, env.now), clean: clean.state };
  const violations: Violation[] = [
    ...checkStep(reference, 'clean', clean.state),
    ...faulty.states.flatMap(([step, state]) => checkStep(reference, step, state)),
    ...(faulty.rerun ? convergedToClean('rerun', faulty.rerun.final, clean.state) : []),
  ];
  if (clean.report.outcome !== 'deleted') violations.push(didNotComplete('clean', clean.report));
  if (faulty.rerun && faulty.rerun.report.outcome !== 'deleted') violations.push(didNotComplete('rerun', faulty.rerun.report));
  return {
    violations,
    faults: faulty.faults,
    outcomes: { clean: clean.report.outcome, ...faulty.outcomes },
    deletedByClean: reference.original.size - clean.state.size,
    deletedUnderFaults: reference.original.size - faulty.underFaults.size,
    orphans: {
      clean: orphanedAttachments(clean.state, account.aws.ecr.repositories).length,
      faulty: new Set(faulty.states.flatMap(([, state]) => orphanedAttachments(state, account.aws.ecr.repositories))).size,
    },
  };
}

async function cleanPath(account: CampaignAccount, plan: FaultPlan, env: CaseEnvironment): Promise<{ report: RunReport; state: EcrState }> {
  const world = await startWorld(account, worldOptions(plan, env));
  try {
    const report = await runOnce(world, PATIENT, env.now);
    return { report, state: ecrState(world) };
  } finally {
    await world.close();
  }
}

interface FaultyPath {
  /** The state after each run: faulty, restart (after a kill), rerun. */
  readonly states: readonly (readonly [string, EcrState])[];
  readonly underFaults: EcrState;
  /** The re-run after the faults, unless they left ECR untouched. */
  readonly rerun?: { readonly report: RunReport; readonly final: EcrState };
  readonly outcomes: Record<string, string>;
  readonly faults: Record<string, number>;
}

async function faultyPath(account: CampaignAccount, plan: FaultPlan, env: CaseEnvironment): Promise<FaultyPath> {
  const world = await startWorld(account, worldOptions(plan, env));
  try {
    const states: [string, EcrState][] = [];
    const outcomes: Record<string, string> = {};
    injectFaults(world, plan);
    const killSwitch = plan.kill ? new KillSwitch(plan.kill.afterDigests, plan.kill.answerLost) : undefined;
    outcomes.faulty = outcomeOf(await runOnce(world, plan.profile, env.now, killSwitch));
    states.push(['faulty', ecrState(world)]);
    if (killSwitch?.tripped) {
      outcomes.faulty = 'killed';
      outcomes.restart = outcomeOf(await runOnce(world, plan.profile, env.now));
      states.push(['restart', ecrState(world)]);
    }
    const underFaults = ecrState(world);
    const faults = injectedFaults(world, killSwitch?.tripped === true);
    if (sameState(underFaults, stateOf(account.aws.ecr.repositories))) {
      // The faults left ECR as it was: a re-run would be the clean run again (same account, no faults).
      outcomes.rerun = 'skipped (ECR untouched)';
      return { states, underFaults, outcomes, faults };
    }
    clearFaults(world);
    const rerun = await runOnce(world, PATIENT, env.now);
    outcomes.rerun = rerun.outcome;
    const final = ecrState(world);
    states.push(['rerun', final]);
    return { states, underFaults, rerun: { report: rerun, final }, outcomes, faults };
  } finally {
    await world.close();
  }
}

function sameState(a: EcrState, b: EcrState): boolean {
  return a.size === b.size && [...a].every(([key, tags]) => b.get(key)?.join(',') === tags.join(','));
}

/** `deleted`, `blocked (eks, ecs)`: which sources failed closed, or `failed (ECR inventory)`: what failed the run. */
function outcomeOf(report: RunReport): string {
  if (report.outcome === 'blocked') return `blocked (${report.failedSources.map((f) => f.source).join(', ')})`;
  if (report.outcome === 'failed') return `failed (${report.errors.map((e) => e.replace(/:.*/s, '')).join(', ')})`;
  return report.outcome;
}

function didNotComplete(step: string, report: RunReport): Violation {
  const why = [...report.errors, ...report.failedSources.map((f) => f.message)].join('; ');
  return { invariant: 0, step, detail: `a run without faults ended ${report.outcome}: ${why}` };
}

function worldOptions(plan: FaultPlan, env: CaseEnvironment): WorldOptions {
  return { seed: plan.seed, certificates: env.certificates, awsPageSize: plan.awsPageSize, hangMs: AWS_HANG_MS };
}

function runOnce(world: CampaignWorld, profile: ClientProfile, now: number, killSwitch?: KillSwitch): Promise<RunReport> {
  return run(campaignDependencies(world, profile, now, killSwitch), { mode: 'delete', silent: true });
}

function checkStep(reference: Reference, step: string, state: EcrState): Violation[] {
  return [
    ...nothingKeptIsGone(step, state, reference.survive, reference.clean, reference.account.aws.ecr.repositories),
    ...removedOnlyWhatCleanRemoves(step, reference.original, state, reference.clean),
  ];
}
