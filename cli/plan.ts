/**
 * `plan`: collect → decide → act with the recorder, never delete, never email; live, or `--from` a snapshot offline
 * as of its collection time. Exit 3 when a blocker would stop a delete run.
 */
import { decideLoaded, loadAccount, type AccountOptions } from './account-source';
import type { CliIo, ExitCode } from './io';
import { planJson } from './plan-json';
import { renderPlanText } from './plan-text';
import { reportBlockers, selectRepositories, viewOf } from './plan-view';

export interface PlanOptions extends AccountOptions {
  /** Show only the repositories this glob matches. */
  readonly repository?: string;
  readonly json?: boolean;
}

export async function planCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const view = viewOf(await decideLoaded(await loadAccount(options, io), 'plan'));
  const shown = options.repository !== undefined ? selectRepositories(view, options.repository) : view;
  io.out(options.json ? JSON.stringify(planJson(shown), null, 2) : renderPlanText(shown));
  return reportBlockers(view, io);
}
