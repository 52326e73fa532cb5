/** What one run did, as data: the email, the logs, the CLI and the tests all read this. */
import type { ConfigIssue } from '../config/parse';
import type { Blocker } from '../core/guard';
import type { MissingLiveImage } from '../core/model';
import type { Plan } from '../core/planner';
import type { Mode, NotifyLevel } from '../core/policy';
import type { SourceFailure } from '../collect';
import type { DeletionOutcome } from '../ports';

/**
 * deleted: delete mode, guards passed, the deleter ran. planned: plan mode, the recorder ran.
 * blocked: a guard stopped deletion (incomplete live set, over the cap, invalid config). failed: the run could not finish.
 */
export type RunOutcome = 'deleted' | 'planned' | 'blocked' | 'failed';

export interface RunReport {
  readonly runId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcome: RunOutcome;
  readonly mode?: Mode;
  /** The notify setting in force; absent when the config could not be read. */
  readonly notify?: NotifyLevel;
  readonly blockers: readonly Blocker[];
  readonly configIssues: readonly ConfigIssue[];
  /** Fatal errors (config unreadable, inventory failed, …). */
  readonly errors: readonly string[];
  readonly failedSources: readonly SourceFailure[];
  readonly repositories: number;
  readonly images: number;
  readonly liveReferences: number;
  readonly missing: readonly MissingLiveImage[];
  readonly plan?: Plan;
  readonly deletion?: DeletionOutcome;
}

/** Whether the run needs someone's attention: anything that is not a clean plan or a clean deletion. */
export function needsAttention(report: RunReport): boolean {
  return report.outcome === 'failed' || report.outcome === 'blocked' || report.missing.length > 0 || (report.deletion?.failed.length ?? 0) > 0;
}
