/**
 * `apply --yes`: the Lambda's pipeline in delete mode, with every one of its guards (an incomplete live set or a plan
 * over maxDeletionsPerRun deletes nothing: exit 3). Without `--yes` it plans, shows what it would delete and refuses.
 */
import type { PlannedDeletion } from '../lambda/core/planner';
import { formatBytes, renderPlanTable } from '../lambda/core/plan-table';
import { shortDigest } from '../lambda/core/reasons';
import type { DeletionOutcome } from '../lambda/ports';
import { bytesOf, run } from '../lambda/run';
import { CliError, UsageError } from './errors';
import { EXIT, type CliIo, type ExitCode } from './io';
import { missingSection } from './plan-text';
import { viewOfReport, type PlanView } from './plan-view';
import { plannedReport, reportBlockers } from './run-outcome';
import { openSession, type CommandOptions } from './session';

export interface ApplyOptions extends CommandOptions {
  readonly yes?: boolean;
}

export async function applyCommand(options: ApplyOptions, io: CliIo): Promise<ExitCode> {
  const session = await openSession(options, io);
  session.progress('collecting the ECR inventory and the live sources…');
  const report = plannedReport(await run(session.deps, { mode: options.yes ? 'delete' : 'plan', silent: true }));
  const view = viewOfReport(report, session.inventory.inventory);
  if (view.missing.length > 0) io.err(missingSection(view.missing));
  if (!options.yes) return refuse(view, io);
  if (report.outcome === 'blocked' || report.deletion === undefined) {
    io.out(`${describePlanned(view)}; none was deleted.`);
    return reportBlockers(view.blockers, view.failedSources, io);
  }
  return reportDeletion(report.deletion, view, io);
}

function refuse(view: PlanView, io: CliIo): ExitCode {
  const deletions = view.plan.deletions.length;
  if (deletions > 0) io.out(`${describePlanned(view)}:\n${renderPlanTable(view.plan.decisions, { now: view.plannedAt, deletionsOnly: true })}`);
  else io.out('The plan deletes nothing.');
  reportBlockers(view.blockers, view.failedSources, io);
  throw new UsageError(`refusing to delete without --yes (${deletions} digest${deletions === 1 ? '' : 's'} would be deleted); nothing was deleted`);
}

function reportDeletion(deletion: DeletionOutcome, view: PlanView, io: CliIo): ExitCode {
  const bytes = bytesOf(view.plan, deletion.deleted);
  const lines = [`Deleted ${deletion.deleted.length} of ${view.plan.deletions.length} planned digests (${formatBytes(bytes)}) in account ${view.accountId}, region ${view.region}.`];
  for (const d of deletion.deleted) lines.push(`  deleted ${d.repository}@${shortDigest(d.digest)} ${d.expectedTags.join(',') || '<untagged>'}`);
  for (const s of deletion.skipped) lines.push(`  skipped ${s.repository}@${shortDigest(s.digest)}: ${s.reason}`);
  io.out(lines.join('\n'));
  if (deletion.failed.length === 0) return EXIT.ok;
  for (const f of deletion.failed) io.err(`failed: ${f.repository}@${shortDigest(f.digest)}: ${f.code}: ${f.message}`);
  throw new CliError(`${deletion.failed.length} deletion${deletion.failed.length === 1 ? '' : 's'} failed`, EXIT.failure);
}

function describePlanned(view: PlanView): string {
  const deletions: readonly PlannedDeletion[] = view.plan.deletions;
  const bytes = deletions.reduce((sum, d) => sum + d.sizeBytes, 0);
  return `The plan deletes ${deletions.length} digest${deletions.length === 1 ? '' : 's'} (${formatBytes(bytes)}) in account ${view.accountId}, region ${view.region}`;
}
