/**
 * `apply --yes`: collect → decide → act in delete mode, with every blocker of the Lambda (an incomplete live set or a
 * plan over maxDeletionsPerRun deletes nothing: exit 3). Without `--yes` it plans, shows what it would delete and
 * refuses. What it prints after deleting comes from the deleter's outcome, not from the plan.
 */
import { removedBy, totalBytes, type DeletionOutcome } from '../lambda/core/outcome';
import { formatBytes, renderPlanTable } from '../lambda/core/plan-table';
import { shortDigest } from '../lambda/core/reasons';
import { collectLive, decideLoaded } from './account-source';
import { CliError, UsageError } from './errors';
import { EXIT, type CliIo, type ExitCode } from './io';
import { missingSection } from './plan-text';
import { reportBlockers, reportLifecyclePolicies, viewOf, type PlanView } from './plan-view';
import type { CommandOptions } from './session';

export interface ApplyOptions extends CommandOptions {
  readonly yes?: boolean;
}

export async function applyCommand(options: ApplyOptions, io: CliIo): Promise<ExitCode> {
  // Always the live account: a snapshot is only ever planned.
  // Only a deleting apply writes the state: it holds the journal its deletions need.
  const report = await decideLoaded(await collectLive({ ...options, writeState: options.yes === true }, io), options.yes ? 'delete' : 'plan');
  const view = viewOf(report);
  if (view.missing.length > 0) io.err(missingSection(view.missing));
  reportLifecyclePolicies(view, io);
  if (!options.yes) return refuse(view, io);
  if (report.deletion?.kind !== 'performed') {
    io.out(`${describePlanned(view)}; none was deleted.`);
    return reportBlockers(view, io);
  }
  return reportDeletion(report.deletion, view, io);
}

function refuse(view: PlanView, io: CliIo): ExitCode {
  const deletions = view.plan.deletions.length;
  if (deletions > 0) io.out(`${describePlanned(view)}:\n${renderPlanTable(view.plan.decisions, { now: view.plannedAt, deletionsOnly: true })}`);
  else io.out('The plan deletes nothing.');
  reportBlockers(view, io);
  throw new UsageError(`refusing to delete without --yes (${deletions} digest${deletions === 1 ? '' : 's'} would be deleted); nothing was deleted`);
}

function reportDeletion(deletion: DeletionOutcome & { kind: 'performed' }, view: PlanView, io: CliIo): ExitCode {
  const bytes = formatBytes(totalBytes(removedBy(deletion)));
  const lines = [`Deleted ${deletion.deleted.length} of ${view.plan.deletions.length} planned digests (${bytes}) in account ${view.accountId}, ${view.region.includes(',') ? 'regions' : 'region'} ${view.region}.`];
  for (const d of deletion.deleted) lines.push(`  deleted ${d.repository}@${shortDigest(d.digest)} ${d.expectedTags.join(',') || '<untagged>'}`);
  for (const s of deletion.skipped) lines.push(`  skipped ${s.repository}@${shortDigest(s.digest)}: ${s.reason}`);
  io.out(lines.join('\n'));
  if (deletion.failed.length === 0) return EXIT.ok;
  for (const f of deletion.failed) io.err(`failed: ${f.repository}@${shortDigest(f.digest)}: ${f.code}: ${f.message}`);
  throw new CliError(`${deletion.failed.length} deletion${deletion.failed.length === 1 ? '' : 's'} failed`, EXIT.failure);
}

function describePlanned(view: PlanView): string {
  const { deletions } = view.plan;
  return `The plan deletes ${deletions.length} digest${deletions.length === 1 ? '' : 's'} (${formatBytes(totalBytes(deletions))}) in account ${view.accountId}, ${view.region.includes(',') ? 'regions' : 'region'} ${view.region}`;
}
