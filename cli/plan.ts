/**
 * `plan`: collect → decide → act with the recorder, never delete, never email; live, or `--from` a snapshot offline
 * as of its collection time. One row per repository by default; the per-image tables with `--details` or
 * `--repository GLOB`; everything with `--json`. Exit 3 when a blocker would stop a delete run.
 */
import { writeText } from './config-documents';
import { renderHtmlReport } from '../lambda/report/html/page';
import { decideLoaded, loadAccount, type AccountOptions } from './account-source';
import type { CliIo, ExitCode } from './io';
import { planJson } from './plan-json';
import { renderPlanSummary } from './plan-summary';
import { renderPlanText } from './plan-text';
import { reportBlockers, reportLifecyclePolicies, selectRepositories, viewOf } from './plan-view';

export interface PlanOptions extends AccountOptions {
  /** Show only the repositories this glob matches. */
  readonly repository?: string;
  readonly json?: boolean;
  /** The per-image tables of every repository, not one row per repository. */
  readonly details?: boolean;
  /** Also write the report page (lambda/report/html) to this file. */
  readonly html?: string;
}

export async function planCommand(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const report = await decideLoaded(await loadAccount(options, io), 'plan');
  const view = viewOf(report);
  if (options.html !== undefined) await writeHtml(options.html, renderHtmlReport(report), io);
  const shown = options.repository !== undefined ? selectRepositories(view, options.repository) : view;
  const perImage = options.details === true || options.repository !== undefined;
  io.out(options.json ? JSON.stringify(planJson(shown), null, 2) : perImage ? renderPlanText(shown) : renderPlanSummary(shown));
  reportLifecyclePolicies(view, io);
  return reportBlockers(view, io);
}

async function writeHtml(path: string, html: string, io: CliIo): Promise<void> {
  await writeText(path, html);
  io.err(`report written to ${path}`);
}
