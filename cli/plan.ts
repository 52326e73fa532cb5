/**
 * `plan`: collect and plan, never delete, never email. Live, it is run() in plan mode (the Lambda's own pipeline);
 * `--from` plans a snapshot offline, as of its collection time. Exit 3 when a guard would block a delete run.
 */
import { run } from '../lambda/run';
import { loadAccount, type AccountOptions } from './account-source';
import type { CliIo, ExitCode } from './io';
import { planJson } from './plan-json';
import { renderPlanText } from './plan-text';
import { selectRepositories, viewOfAccount, viewOfReport, type PlanView } from './plan-view';
import { plannedReport, reportBlockers } from './run-outcome';
import { openSession, type CommandOptions } from './session';

export interface PlanOptions extends AccountOptions {
  /** Show only the repositories this glob matches. */
  readonly repository?: string;
  readonly json?: boolean;
}

export async function planCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const view = options.from !== undefined ? viewOfAccount(await loadAccount(options, io)) : await livePlan(options, io);
  const shown = options.repository !== undefined ? selectRepositories(view, options.repository) : view;
  io.out(options.json ? JSON.stringify(planJson(shown), null, 2) : renderPlanText(shown));
  return reportBlockers(view.blockers, view.failedSources, io);
}

export async function livePlan(options: CommandOptions, io: CliIo): Promise<PlanView> {
  const session = await openSession(options, io);
  session.progress('collecting the ECR inventory and the live sources…');
  const report = plannedReport(await run(session.deps, { mode: 'plan', silent: true }));
  return viewOfReport(report, session.inventory.inventory);
}
