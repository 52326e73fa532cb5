/** `lifecycle compare --json`: the comparison for scripts. Times are ISO 8601; `atRisk` is what exit 3 means. */
import { describeBlocker } from '../lambda/core/verdict';
import { totalsOf, type LifecycleComparison, type RepositoryReport } from './lifecycle-compare-view';

export function comparisonJson(comparison: LifecycleComparison): unknown {
  const { view } = comparison;
  const totals = totalsOf(comparison);
  return {
    comparedAt: new Date(view.plannedAt).toISOString(),
    accountId: view.accountId,
    regions: view.region.split(', '),
    atRisk: totals.verdicts.live > 0,
    blocked: view.blockers.length > 0,
    blockers: view.blockers.map((blocker) => ({ ...blocker, message: describeBlocker(blocker) })),
    totals: { ...totals.verdicts, repositories: totals.repositories, expire: totals.expire, transition: totals.transition, deletedOnlyByTool: totals.deletedOnlyByTool, liveDeletedByTool: totals.liveDeletedByTool, unevaluated: totals.unevaluated },
    repositories: comparison.repositories.map(repositoryJson),
    withoutLifecyclePolicy: comparison.withoutPolicy,
  };
}

function repositoryJson(report: RepositoryReport): unknown {
  return {
    region: report.region,
    repository: report.repository,
    images: report.images,
    lifecyclePolicyText: report.text,
    error: report.error ?? null,
    rules: report.rules.map((rule) => ({ rulePriority: rule.rulePriority, description: rule.description ?? null, action: rule.action.type })),
    actedOn: (report.comparison?.acted ?? []).map(({ image, outcome, verdict, details }) => ({
      digest: image.digest,
      tags: image.tags,
      pushedAt: new Date(image.pushedAt).toISOString(),
      action: outcome.kind,
      rulePriority: outcome.rule.rulePriority,
      subject: outcome.kind === 'expire' ? outcome.subject ?? null : null,
      verdict,
      details,
    })),
    deletedOnlyByTool: (report.comparison?.deletedOnlyByTool ?? []).map((image) => image.digest),
    undetermined: (report.comparison?.undetermined ?? []).map((image) => image.digest),
  };
}
