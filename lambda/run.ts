/**
 * The pipeline: collect → decide → act → report. Collect (adapters) turns the account into plain data; decide (core,
 * pure) turns it into a plan and a verdict; act writes each region's state and deletes, or records what it would delete; the
 * report says what happened. Every failure ends in a report and, when it needs attention, an alert. Plan mode swaps
 * the deleter for the recorder: the deletion code has no dry-run branch.
 */
import { collectAccount, messageOf, type CollectSources } from './collect';
import { parseConfig } from './config/parse';
import { decide, type Decided } from './core/decide';
import type { CollectedAccount } from './core/collected';
import { failuresOf, removedBy, totalBytes, type DeletionOutcome } from './core/outcome';
import type { Mode, RetentionConfig } from './core/policy';
import { blockersOf, configVerdict } from './core/verdict';
import type { ConfigSource, Deleter, ExchangeAccess, Notifier, ReportStore, StateStore, Telemetry } from './ports';
import { shouldNotify, renderEmail } from './report/email';
import { writeExport } from './exchange/write-export';
import { renderHtmlReport } from './report/html/page';
import { recordPlanMetrics, recordRepositoryMetrics } from './report/metrics';
import { outcomeOf, type RunReport } from './report/report';

/** What decide → act → report needs. */
export interface ActDependencies {
  /** Deletes for real; used only when the verdict is `delete`. */
  readonly deleter: Deleter;
  /** Records what it would delete; used when the verdict is `record` (plan mode). */
  readonly recorder: Deleter;
  /**
   * Where each region's next state (core/state.ts) is written: by every run, by a deleting one before its first
   * deletion. Absent: none is (a local plan, a snapshot); a deleting run then leaves no journal.
   */
  readonly stateWriter?: Pick<StateStore, 'write'>;
  /**
   * Where this account's live-set export is written, every run whatever the verdict: the Lambda's. The CLI and
   * snapshots write none (a local plan changes nothing).
   */
  readonly exports?: ExchangeAccess;
  /** Where the report page goes: the Lambda's bucket. The CLI writes its own with `plan --html`. */
  readonly reports?: ReportStore;
  readonly notifier: Notifier;
  readonly telemetry: Telemetry;
  readonly clock: () => number;
  readonly runId: string;
}

export interface RunDependencies extends ActDependencies, CollectSources {
  readonly config: ConfigSource;
}

export interface RunOptions {
  /** Overrides `settings.mode` (the CLI's `plan` forces plan; `apply --yes` forces delete). */
  readonly mode?: Mode;
  /** Skip the email (the CLI prints instead). */
  readonly silent?: boolean;
}

export type Draft = Omit<RunReport, 'startedAt' | 'finishedAt'>;

export async function run(deps: RunDependencies, options: RunOptions = {}): Promise<RunReport> {
  return reported(deps, options, async () => {
    const parsed = parseConfig(await deps.config.load());
    if (!parsed.ok) {
      deps.telemetry.error('invalid configuration', { issues: parsed.errors.length });
      deps.telemetry.metric('Errors', 'Count', 1);
      return { ...emptyDraft(deps.runId), outcome: 'blocked', configIssues: parsed.errors, blockers: blockersOf(configVerdict(parsed.errors.length)) };
    }
    const collected = await collectAccount(deps, parsed.config.settings, parsed.config.policies);
    return decideAndAct(deps, collected, parsed.config, options.mode ?? parsed.config.settings.mode);
  });
}

/** decide → act → report on data already collected: `plan --from <snapshot>` runs exactly this. */
export async function runCollected(deps: ActDependencies, collected: CollectedAccount, config: RetentionConfig, options: RunOptions = {}): Promise<RunReport> {
  return reported(deps, options, () => decideAndAct(deps, collected, config, options.mode ?? config.settings.mode));
}

async function decideAndAct(deps: ActDependencies, collected: CollectedAccount, config: RetentionConfig, mode: Mode): Promise<Draft> {
  const decidedAt = deps.clock();
  const decided = decide(collected, config, mode, decidedAt);
  const facts = factsOf(deps.runId, collected, config, mode, decided, decidedAt);
  recordPlanMetrics(deps.telemetry, facts, decided, collected);
  const exported = await writeExport(deps, collected, decidedAt);
  const deletion = await act(deps, decided);
  if (deletion?.kind === 'performed') {
    deps.telemetry.metric('Deletions', 'Count', deletion.deleted.length);
    deps.telemetry.metric('DeletionFailures', 'Count', failuresOf(deletion).length);
    deps.telemetry.metric('BytesReclaimed', 'Bytes', totalBytes(removedBy(deletion)));
    recordRepositoryMetrics(deps.telemetry, deletion.deleted);
  }
  return { ...facts, ...(exported ? { exported } : {}), ...(deletion ? { deletion } : {}) };
}

/**
 * Act on the verdict. Write-ahead: each region's state, which holds the journal, goes out before the first deletion,
 * so that a run stopped between a parent and its attachments leaves the next run what it needs; a state that cannot
 * be written stops the run here. A blocked or recording run writes it too: tag times and candidacies are facts of
 * every run.
 */
async function act(deps: ActDependencies, decided: Decided): Promise<DeletionOutcome | undefined> {
  const { stateWriter } = deps;
  if (stateWriter) await Promise.all(decided.states.map((state) => stateWriter.write(state)));
  switch (decided.verdict.action) {
    case 'blocked':
      return undefined;
    case 'record':
      return deps.recorder.delete(decided.plan.deletions);
    case 'delete':
      return deps.deleter.delete(decided.plan.deletions);
  }
}

function factsOf(runId: string, collected: CollectedAccount, config: RetentionConfig, mode: Mode, decided: Decided, decidedAt: number): Draft {
  const { regions } = collected;
  const oldest = decided.exchange.reliedOn[0];
  return {
    ...emptyDraft(runId),
    outcome: outcomeOf(decided.verdict),
    mode,
    notify: config.settings.notify.email,
    accountId: collected.accountId,
    regions: regions.map(({ inventory }) => inventory.region),
    decidedAt,
    blockers: blockersOf(decided.verdict),
    failedSources: regions.flatMap((region) => region.failedSources),
    notes: [...regions.flatMap((region) => region.notes ?? []), ...decided.exchange.notes, ...decided.notes],
    repositories: sumOf(regions, (region) => region.inventory.repositories.length),
    images: sumOf(regions, (region) => region.inventory.images.length),
    liveReferences: sumOf(regions, (region) => region.references.length),
    importedReferences: decided.exchange.references.length,
    ...(oldest ? { oldestExport: oldest } : {}),
    live: decided.resolved.live,
    missing: decided.resolved.missing,
    ...(decided.coexistence.length > 0 ? { coexistence: decided.coexistence } : {}),
    plan: decided.plan,
  };
}

function sumOf<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}

/** The page goes out before the email that links to it; a page that cannot be written is said in the email, not fatal. */
async function writePage(reports: ReportStore, report: RunReport, telemetry: Telemetry): Promise<NonNullable<RunReport['page']>> {
  try {
    return { location: await reports.write(report.runId, renderHtmlReport(report)) };
  } catch (error) {
    telemetry.error('report page not written', { error: messageOf(error) });
    return { error: messageOf(error) };
  }
}

function emptyDraft(runId: string): Draft {
  return { runId, outcome: 'failed', blockers: [], configIssues: [], errors: [], failedSources: [], notes: [], repositories: 0, images: 0, liveReferences: 0, importedReferences: 0, live: [], missing: [] };
}

/** Times the run, turns a throw into a failed report, and emails it. A failed publish fails the run loudly. */
async function reported(deps: ActDependencies, options: RunOptions, body: () => Promise<Draft>): Promise<RunReport> {
  const startedAt = deps.clock();
  let draft: Draft;
  try {
    draft = await body();
  } catch (error) {
    deps.telemetry.error('run failed', { error: messageOf(error) });
    deps.telemetry.metric('Errors', 'Count', 1);
    draft = { ...emptyDraft(deps.runId), errors: [messageOf(error)] };
  }
  const finished: RunReport = { ...draft, startedAt, finishedAt: deps.clock() };
  const report = deps.reports ? { ...finished, page: await writePage(deps.reports, finished, deps.telemetry) } : finished;
  deps.telemetry.metric('DurationMs', 'Milliseconds', report.finishedAt - report.startedAt);
  if (!options.silent && shouldNotify(report)) await deps.notifier.publish(renderEmail(report));
  return report;
}
