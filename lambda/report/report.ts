/** What one run did, as data: the email, the logs, the CLI and the tests all read this. */
import type { ConfigIssue } from '../config/parse';
import type { RegionCoexistence } from '../core/coexistence';
import type { LiveDigest, MissingLiveImage, SourceFailure, SourceNote } from '../core/model';
import { failuresOf, type DeletionOutcome } from '../core/outcome';
import type { Plan } from '../core/plan';
import type { Mode, NotifyLevel } from '../core/policy';
import type { Blocker, Verdict } from '../core/verdict';

/**
 * deleted: the verdict was `delete` and the deleter ran. planned: the verdict was `record` (plan mode) and the
 * recorder ran. blocked: a blocker stopped deletion (incomplete live set, over the cap, invalid config). failed: the
 * run could not finish.
 */
export type RunOutcome = 'deleted' | 'planned' | 'blocked' | 'failed';

export function outcomeOf(verdict: Verdict): RunOutcome {
  return verdict.action === 'delete' ? 'deleted' : verdict.action === 'record' ? 'planned' : 'blocked';
}

export interface RunReport {
  readonly runId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: RunOutcome;
  readonly mode?: Mode;
  /** The notify setting in force; absent when the config could not be read. */
  readonly notify?: NotifyLevel;
  /** The account and the regions collected; absent when the run ended before collecting. */
  readonly accountId?: string;
  readonly regions?: readonly string[];
  /** The `now` the plan was made as of. */
  readonly decidedAt?: number;
  /** Every blocker of the verdict; empty unless the outcome is `blocked`. */
  readonly blockers: readonly Blocker[];
  readonly configIssues: readonly ConfigIssue[];
  /** Fatal errors (config unreadable, inventory failed, …). */
  readonly errors: readonly string[];
  readonly failedSources: readonly SourceFailure[];
  /** Facts the sources reported that are not failures: what cannot run any more, fallbacks taken. */
  readonly notes: readonly SourceNote[];
  readonly repositories: number;
  readonly images: number;
  /** References this run's own sources found, in every region. */
  readonly liveReferences: number;
  /** References the exports of other accounts contributed. */
  readonly importedReferences: number;
  /**
   * The oldest expected export the run relied on: a reference that appeared in that account after it was collected is
   * invisible to this run (README "Central registry", the window).
   */
  readonly oldestExport?: { readonly id: string; readonly collectedAt: number };
  /** This account's export: where it was written, or why it could not be. */
  readonly exported?: ExportResult;
  /** The live set, resolved: what `explain` shows as the references of a digest. */
  readonly live: readonly LiveDigest[];
  readonly missing: readonly MissingLiveImage[];
  /** Per region, the governed repositories that still have an ECR lifecycle policy, and how current that is. */
  readonly coexistence?: readonly RegionCoexistence[];
  readonly plan?: Plan;
  /** What the act step did: recorded (plan mode) or performed (deleted, skipped, failed). */
  readonly deletion?: DeletionOutcome;
  /** Where the report page was written (the Lambda's bucket), or why it could not be. */
  readonly page?: { readonly location: string } | { readonly error: string };
}

export interface ExportResult {
  readonly bucket: string;
  readonly key: string;
  readonly references: number;
  readonly complete: boolean;
  /** Set when the export could not be written: other registries will find it stale and stop deleting. */
  readonly error?: string;
}

/** Whether the run needs someone's attention: anything that is not a clean plan or a clean deletion. */
export function needsAttention(report: RunReport): boolean {
  return report.outcome === 'failed' || report.outcome === 'blocked' || report.missing.length > 0 || failuresOf(report.deletion).length > 0
    || report.exported?.error !== undefined;
}
