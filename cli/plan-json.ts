/**
 * A plan for scripts: every decision with all its reasons (as data and as text), the deletions in the order they
 * would run, the totals and the missing live images. Times are ISO 8601; the shape is the same for a live plan and
 * for `plan --from <snapshot>`.
 */
import { describeBlocker } from '../lambda/core/verdict';
import { describeReason } from '../lambda/core/reasons';
import type { PlanView } from './plan-view';

export function planJson(view: PlanView): unknown {
  return {
    plannedAt: iso(view.plannedAt),
    accountId: view.accountId,
    region: view.region,
    regions: view.region.split(', '),
    blocked: view.blockers.length > 0,
    blockers: view.blockers.map((blocker) => ({ ...blocker, message: describeBlocker(blocker) })),
    failedSources: view.failedSources,
    notes: view.notes,
    summary: view.plan.summary,
    ungovernedRepositories: view.plan.ungovernedRepositories,
    idlePolicies: view.plan.idlePolicies,
    lifecyclePolicies: view.coexistence.map((region) => ({
      ...region,
      ...(region.oldestCheck !== undefined ? { oldestCheck: iso(region.oldestCheck) } : {}),
      withPolicy: region.withPolicy.map((found) => ({ repository: found.repository, checkedAt: iso(found.checkedAt) })),
    })),
    decisions: view.plan.decisions.map((decision) => ({
      region: decision.region,
      repository: decision.repository,
      digest: decision.image.digest,
      tags: decision.image.tags,
      pushedAt: iso(decision.image.pushedAt),
      lastPulledAt: decision.image.lastPulledAt === undefined ? null : iso(decision.image.lastPulledAt),
      sizeBytes: decision.image.sizeBytes,
      status: decision.image.status,
      policy: decision.policy,
      action: decision.action,
      reasons: decision.reasons.map((reason) => ({ ...reason, text: describeReason(reason) })),
    })),
    deletions: view.plan.deletions,
    missing: view.missing.map((missing) => ({
      region: missing.region,
      repository: missing.repository,
      tag: missing.tag ?? null,
      digest: missing.digest ?? null,
      source: missing.reference.source,
      location: missing.reference.location,
      image: missing.reference.image,
    })),
  };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
