/**
 * A plan as the CLI shows it, from either path: a run() report (live) or planAccount over a loaded account
 * (snapshot). Both end in the same shape, so `plan --from` prints exactly what the live plan printed.
 */
import type { SourceFailure } from '../lambda/collect';
import { compileGlob } from '../lambda/config/glob';
import { guardDeletions, isAlarming, type Blocker } from '../lambda/core/guard';
import type { Inventory, MissingLiveImage } from '../lambda/core/model';
import type { Plan } from '../lambda/core/planner';
import { summarize } from '../lambda/core/summary';
import type { RunReport } from '../lambda/report/report';
import { planAccount } from '../lambda/run';
import type { LoadedAccount } from './account-source';

export interface PlanView {
  /** The time the plan was made as of. */
  readonly plannedAt: number;
  readonly accountId: string;
  readonly region: string;
  readonly plan: Plan;
  readonly missing: readonly MissingLiveImage[];
  readonly failedSources: readonly SourceFailure[];
  /** The guards that would stop a delete run (plan mode itself is not one of them). */
  readonly blockers: readonly Blocker[];
}

/** `inventory` is what the run listed (the CLI observes it); the report itself carries only counts. */
export function viewOfReport(report: RunReport & { plan: Plan }, inventory: Inventory | undefined): PlanView {
  return {
    plannedAt: report.finishedAt,
    accountId: inventory?.accountId ?? 'unknown',
    region: inventory?.region ?? 'unknown',
    plan: report.plan,
    missing: report.missing,
    failedSources: report.failedSources,
    blockers: report.blockers.filter(isAlarming),
  };
}

/** The same resolution, planning and guard as run(), over an account loaded from a snapshot. */
export function viewOfAccount(loaded: LoadedAccount): PlanView {
  const { account, config, collectedAt } = loaded;
  const { resolved, plan } = planAccount(account, config, collectedAt);
  const blockers = guardDeletions({
    mode: 'plan',
    deletions: plan.deletions.length,
    maxDeletionsPerRun: config.settings.maxDeletionsPerRun,
    failedSources: account.failedSources.map((failure) => failure.message),
  });
  return {
    plannedAt: collectedAt,
    accountId: account.inventory.accountId,
    region: account.inventory.region,
    plan,
    missing: resolved.missing,
    failedSources: account.failedSources,
    blockers: blockers.filter(isAlarming),
  };
}

/**
 * Only the repositories a glob matches (config glob semantics), with totals recomputed over them. The blockers stay:
 * they are about the whole run, which would still be blocked.
 */
export function selectRepositories(view: PlanView, glob: string): PlanView {
  const matches = compileGlob(glob);
  const decisions = view.plan.decisions.filter((decision) => matches(decision.repository));
  const ungovernedRepositories = view.plan.ungovernedRepositories.filter(matches);
  return {
    ...view,
    plan: {
      decisions,
      deletions: view.plan.deletions.filter((deletion) => matches(deletion.repository)),
      ungovernedRepositories,
      summary: summarize(decisions, ungovernedRepositories.length),
    },
    missing: view.missing.filter((missing) => matches(missing.repository)),
  };
}
