/**
 * What went wrong in a run, one line each, in the words every report uses: errors, an export that was not written,
 * blockers, config errors, deletions that failed or were skipped (and, in plan mode, that nothing was deleted). The
 * email and the report page list the same lines.
 */
import { failuresOf, skipsOf } from '../core/outcome';
import { repositoryLabel } from '../core/plan-table';
import { shortDigest } from '../core/reasons';
import { describeBlocker } from '../core/verdict';
import type { RunReport } from './report';

export function problemLines(report: RunReport): string[] {
  const several = (report.regions?.length ?? 0) > 1;
  const label = (item: { region?: string; repository: string }) => repositoryLabel(item.repository, item.region, several);
  return [
    ...report.errors.map((error) => `ERROR: ${error}`),
    ...(report.exported?.error !== undefined ? [`EXPORT FAILED: s3://${report.exported.bucket}/${report.exported.key}: ${report.exported.error} (registries expecting this account's export will stop deleting once it is stale)`] : []),
    ...report.blockers.map((blocker) => `BLOCKED: ${describeBlocker(blocker)}`),
    ...(report.deletion?.kind === 'recorded' ? ['NOTE: mode is plan (dry run): nothing was deleted'] : []),
    ...report.configIssues.map((issue) => `CONFIG: ${issue.document}: ${issue.path || '(document)'}: ${issue.message}`),
    ...failuresOf(report.deletion).map((f) => `DELETE FAILED: ${label(f)}@${shortDigest(f.digest)}: ${f.code}: ${f.message}`),
    ...skipsOf(report.deletion).map((s) => `SKIPPED: ${label(s)}@${shortDigest(s.digest)}: ${s.reason}`),
  ];
}
