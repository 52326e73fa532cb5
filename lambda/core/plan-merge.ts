/**
 * One plan out of each region's. A region is its own registry (an image, its index members and its referrers live in
 * one), so each region is planned on its own; the run then decides, reports and deletes over the union. Decisions and
 * deletions carry their region.
 */
import { appendAll } from './arrays';
import type { Deletion, Plan, PlanSummary } from './plan';
import { repositoryLabel } from './plan-table';
import type { ReasonCode } from './reasons';

export function mergePlans(plans: readonly Plan[], regions: readonly string[]): Plan {
  if (plans.length === 1) return plans[0] as Plan;
  const decisions = plans.flatMap((plan) => plan.decisions);
  return {
    decisions,
    deletions: byWave(plans.flatMap((plan) => plan.deletions)),
    ungovernedRepositories: plans.flatMap((plan, i) => plan.ungovernedRepositories.map((name) => repositoryLabel(name, regions[i], true))),
    idlePolicies: idleEverywhere(plans),
    summary: mergeSummaries(plans.map((plan) => plan.summary)),
    attachmentsOfDeletions: plans.flatMap((plan) => plan.attachmentsOfDeletions),
  };
}

/** A policy is idle when it governs nothing in any region. */
function idleEverywhere(plans: readonly Plan[]): Plan['idlePolicies'] {
  const [first, ...rest] = plans;
  if (!first) return [];
  return first.idlePolicies.filter((idle) => rest.every((plan) => plan.idlePolicies.some((other) => other.name === idle.name && other.document === idle.document)));
}

/**
 * Deletions in wave order, stably: every parent before its attachments, and within a wave the order given (region,
 * then repository, then digest). Waves are few and small numbers, so this buckets instead of sorting.
 */
export function byWave(deletions: readonly Deletion[]): Deletion[] {
  const waves: Deletion[][] = [];
  for (const deletion of deletions) (waves[deletion.wave] ??= []).push(deletion);
  const ordered: Deletion[] = [];
  for (const wave of waves) if (wave) appendAll(ordered, wave);
  return ordered;
}

function mergeSummaries(summaries: readonly PlanSummary[]): PlanSummary {
  const keepReasons: Partial<Record<ReasonCode, number>> = {};
  for (const summary of summaries) {
    for (const [code, count] of Object.entries(summary.keepReasons) as [ReasonCode, number][]) keepReasons[code] = (keepReasons[code] ?? 0) + count;
  }
  const sum = (field: 'governedRepositories' | 'ungovernedRepositories' | 'images' | 'kept' | 'deleted' | 'bytesDeleted') =>
    summaries.reduce((total, summary) => total + summary[field], 0);
  return {
    governedRepositories: sum('governedRepositories'),
    ungovernedRepositories: sum('ungovernedRepositories'),
    images: sum('images'),
    kept: sum('kept'),
    deleted: sum('deleted'),
    bytesDeleted: sum('bytesDeleted'),
    keepReasons,
    repositories: summaries.flatMap((summary) => summary.repositories),
  };
}
