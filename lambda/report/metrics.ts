/** The run's metrics (EMF through Powertools in the Lambda): the totals, and per region and per repository. */
import type { Decided } from '../core/decide';
import type { CollectedAccount } from '../core/collected';
import { perRepository } from '../core/outcome';
import type { Deletion } from '../core/plan';
import type { Telemetry } from '../ports';
import type { RunReport } from './report';

/** Repositories with their own series, most bytes first; the rest share one, so the metric's cardinality stays bounded. */
export const REPOSITORY_METRICS_CAP = 20;

export function recordRepositoryMetrics(telemetry: Telemetry, deleted: readonly Deletion[]): void {
  const rows = perRepository(deleted);
  const other = { count: 0, bytes: 0 };
  rows.forEach((row, i) => {
    if (i < REPOSITORY_METRICS_CAP) {
      const dimensions = { Region: row.region ?? 'unknown', Repository: row.repository };
      telemetry.metric('Deletions', 'Count', row.count, dimensions);
      telemetry.metric('BytesReclaimed', 'Bytes', row.bytes, dimensions);
    } else {
      other.count += row.count;
      other.bytes += row.bytes;
    }
  });
  if (other.count === 0) return;
  telemetry.metric('Deletions', 'Count', other.count, { Region: 'all', Repository: '(other)' });
  telemetry.metric('BytesReclaimed', 'Bytes', other.bytes, { Region: 'all', Repository: '(other)' });
}

export function recordPlanMetrics(telemetry: Telemetry, facts: Omit<RunReport, 'startedAt' | 'finishedAt'>, decided: Decided, collected: CollectedAccount): void {
  for (const { inventory } of collected.regions) {
    const Region = inventory.region;
    telemetry.metric('ImagesScanned', 'Count', inventory.images.length, { Region });
    telemetry.metric('PlannedDeletions', 'Count', decided.plan.deletions.filter((deletion) => deletion.region === Region).length, { Region });
  }
  telemetry.metric('ImagesScanned', 'Count', facts.images);
  telemetry.metric('LiveReferences', 'Count', facts.liveReferences);
  telemetry.metric('MissingLiveImages', 'Count', facts.missing.length);
  telemetry.metric('ImportedReferences', 'Count', facts.importedReferences);
  if (facts.oldestExport && facts.decidedAt !== undefined) telemetry.metric('OldestExportAgeMs', 'Milliseconds', facts.decidedAt - facts.oldestExport.collectedAt);
  telemetry.metric('PlannedDeletions', 'Count', decided.plan.deletions.length);
  // Known, not just asked this run: the count a dashboard should watch fall to 0 as lifecycle policies are removed.
  if (decided.coexistence.length > 0) telemetry.metric('RepositoriesWithLifecyclePolicy', 'Count', decided.coexistence.reduce((n, region) => n + region.withPolicy.length, 0));
  telemetry.metric('Errors', 'Count', facts.failedSources.length);
  telemetry.info('plan ready', { ...decided.plan.summary, repositories: undefined, missing: facts.missing.length, verdict: decided.verdict.action });
}
