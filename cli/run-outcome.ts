/** What a run() report means for the CLI: the plan it made, or the error and exit code it ended in. */
import type { SourceFailure } from '../lambda/collect';
import { describeBlocker, type Blocker } from '../lambda/core/guard';
import type { Plan } from '../lambda/core/planner';
import type { RunReport } from '../lambda/report/report';
import { CliError, InvalidConfigError } from './errors';
import { EXIT, type CliIo, type ExitCode } from './io';

/** The report's plan; an invalid config is exit 2 (every issue printed), a run that could not plan is exit 1. */
export function plannedReport(report: RunReport): RunReport & { plan: Plan } {
  if (report.configIssues.length > 0) throw new InvalidConfigError(report.configIssues);
  if (report.plan === undefined) throw new CliError(report.errors.join('; ') || `the run ended ${report.outcome} without a plan`, EXIT.failure);
  return { ...report, plan: report.plan };
}

/** One `blocked:` line per guard that would stop (or stopped) deletion; exit 3 when there is any. */
export function reportBlockers(blockers: readonly Blocker[], failedSources: readonly SourceFailure[], io: CliIo): ExitCode {
  for (const blocker of blockers) io.err(`blocked: ${describeBlocker(blocker)}`);
  if (failedSources.length > 0) io.err(`(the live set is incomplete, so an image in use could look unused: rerun once ${failedSources.map((f) => f.source).join(', ')} can be read)`);
  return blockers.length > 0 ? EXIT.blocked : EXIT.ok;
}
