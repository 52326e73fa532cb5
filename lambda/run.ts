/**
 * The pipeline: config → inventory ∥ live sources → resolve → plan → guard → apply → report.
 * Every failure mode ends in a report and, when it needs attention, an alert; nothing is deleted unless every guard
 * passes. Plan mode swaps the deleter for a recorder: the deletion code has no dry-run branch.
 */
import { collectAccount, messageOf, type CollectedAccount } from './collect';
import { parseConfig, type ConfigIssue } from './config/parse';
import { guardDeletions, isAlarming } from './core/guard';
import { nextJournal } from './core/journal';
import type { ResolvedLiveSet } from './core/model';
import { plan, type Plan } from './core/planner';
import type { Mode, RetentionConfig } from './core/policy';
import { resolveLiveReferences } from './core/references';
import type { ConfigSource, Deleter, DeletionOutcome, InventorySource, JournalStore, LiveSource, Notifier, Telemetry } from './ports';
import { shouldNotify, renderEmail } from './report/email';
import type { RunReport } from './report/report';

export interface RunDependencies {
  readonly config: ConfigSource;
  readonly inventory: InventorySource;
  readonly liveSources: readonly LiveSource[];
  /** Deletes for real; used only in delete mode with every guard passed. */
  readonly deleter: Deleter;
  /** Records instead of deleting; used in plan mode. */
  readonly recorder: Deleter;
  /** Read by every run; written by a deleting run before its first deletion (core/journal.ts). */
  readonly journal: JournalStore;
  readonly notifier: Notifier;
  readonly telemetry: Telemetry;
  readonly clock: () => number;
  readonly runId: string;
}

export interface RunOptions {
  /** Overrides `settings.mode` (the CLI's `plan` forces plan; `apply --yes` forces delete). */
  readonly mode?: Mode;
  /** Skip the email (the CLI prints instead). */
  readonly silent?: boolean;
}

type Draft = Omit<RunReport, 'finishedAt'>;

export async function run(deps: RunDependencies, options: RunOptions = {}): Promise<RunReport> {
  const startedAt = deps.clock();
  let draft: Draft = { runId: deps.runId, startedAt, outcome: 'failed', blockers: [], configIssues: [], errors: [], failedSources: [], repositories: 0, images: 0, liveReferences: 0, missing: [] };
  try {
    draft = await pipeline(deps, options, draft);
  } catch (error) {
    deps.telemetry.error('run failed', { error: messageOf(error) });
    deps.telemetry.metric('Errors', 'Count', 1);
    draft = { ...draft, outcome: 'failed', errors: [...draft.errors, messageOf(error)] };
  }
  const report: RunReport = { ...draft, finishedAt: deps.clock() };
  await notify(deps, options, report);
  return report;
}

async function pipeline(deps: RunDependencies, options: RunOptions, draft: Draft): Promise<Draft> {
  const parsed = parseConfig(await deps.config.load());
  if (!parsed.ok) return invalidConfig(deps, draft, parsed.errors);
  const config = parsed.config;
  const mode = options.mode ?? config.settings.mode;
  const account = await collectAccount(deps.inventory, deps.liveSources, config.settings.live, deps.telemetry, deps.journal);
  const { resolved, plan: planned } = planAccount(account, config, deps.clock());
  const failedSources = account.failedSources.map((failure) => failure.message);
  const blockers = guardDeletions({ mode, deletions: planned.deletions.length, maxDeletionsPerRun: config.settings.maxDeletionsPerRun, failedSources });
  const facts = { ...draft, mode, notify: config.settings.notify.email, blockers, failedSources: account.failedSources, repositories: account.inventory.repositories.length, images: account.inventory.images.length, liveReferences: account.references.length, missing: resolved.missing, plan: planned };
  recordPlanMetrics(deps.telemetry, facts);
  if (blockers.some(isAlarming)) return { ...facts, outcome: 'blocked' };
  // The guard decides: only a run with no blocker at all (plan mode is one) reaches the real deleter.
  const deleting = blockers.length === 0;
  const deletion = deleting ? await deleteForReal(deps, account, planned) : await deps.recorder.delete(planned.deletions);
  deps.telemetry.metric('Deletions', 'Count', deleting ? deletion.deleted.length : 0);
  deps.telemetry.metric('DeletionFailures', 'Count', deletion.failed.length);
  deps.telemetry.metric('BytesReclaimed', 'Bytes', deleting ? bytesOf(planned, deletion.deleted) : 0);
  return { ...facts, outcome: deleting ? 'deleted' : 'planned', deletion };
}

/** Resolution and planning: pure, and shared with `plan --from <snapshot>`. */
export function planAccount(account: CollectedAccount, config: RetentionConfig, now: number): { resolved: ResolvedLiveSet; plan: Plan } {
  const resolved = resolveLiveReferences(account.references, account.inventory);
  const planned = plan({
    inventory: account.inventory, live: resolved.live, policies: config.policies, gracePeriodMs: config.settings.gracePeriodMs, now, journal: account.journal ?? [],
  });
  return { resolved, plan: planned };
}

/**
 * Write-ahead: the journal goes out before the first deletion, so that a run stopped between an index and its members
 * leaves the next run what it needs to finish the job. A journal that cannot be written stops the run here.
 */
async function deleteForReal(deps: RunDependencies, account: CollectedAccount, planned: Plan): Promise<DeletionOutcome> {
  const previous = account.journal ?? [];
  const next = nextJournal(previous, account.inventory, planned.deletions);
  if (JSON.stringify(next) !== JSON.stringify(previous)) await deps.journal.write(next);
  return deps.deleter.delete(planned.deletions);
}

function invalidConfig(deps: RunDependencies, draft: Draft, issues: readonly ConfigIssue[]): Draft {
  deps.telemetry.error('invalid configuration', { issues: issues.length });
  deps.telemetry.metric('Errors', 'Count', 1);
  return { ...draft, outcome: 'blocked', configIssues: issues, blockers: [{ code: 'invalid-config', issues: issues.length }] };
}

function recordPlanMetrics(telemetry: Telemetry, facts: Pick<RunReport, 'images' | 'liveReferences' | 'missing' | 'failedSources'> & { plan: Plan }): void {
  telemetry.metric('ImagesScanned', 'Count', facts.images);
  telemetry.metric('LiveReferences', 'Count', facts.liveReferences);
  telemetry.metric('MissingLiveImages', 'Count', facts.missing.length);
  telemetry.metric('PlannedDeletions', 'Count', facts.plan.deletions.length);
  telemetry.metric('Errors', 'Count', facts.failedSources.length);
  telemetry.info('plan ready', { ...facts.plan.summary, repositories: undefined, missing: facts.missing.length });
}

/** Bytes of the planned deletions that were deleted. */
export function bytesOf(planned: Plan, deleted: readonly { repository: string; digest: string }[]): number {
  const sizes = new Map(planned.deletions.map((d) => [`${d.repository}@${d.digest}`, d.sizeBytes]));
  return deleted.reduce((sum, d) => sum + (sizes.get(`${d.repository}@${d.digest}`) ?? 0), 0);
}

/** The email goes out per `notify`; a run that needs attention always alerts. A failed publish fails the run loudly. */
async function notify(deps: RunDependencies, options: RunOptions, report: RunReport): Promise<void> {
  deps.telemetry.metric('DurationMs', 'Milliseconds', report.finishedAt - report.startedAt);
  if (options.silent || !shouldNotify(report)) return;
  await deps.notifier.publish(renderEmail(report));
}
