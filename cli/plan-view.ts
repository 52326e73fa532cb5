/**
 * A decided run as the CLI shows it, live or from a snapshot: both went through the same decide → act, so
 * `plan --from` prints exactly what the live plan printed. Also what each command's exit code means.
 */
import { compileGlob } from '../lambda/config/glob';
import type { LiveDigest, MissingLiveImage, SourceFailure, SourceNote } from '../lambda/core/model';
import type { Plan } from '../lambda/core/plan';
import { summarize } from '../lambda/core/summary';
import { describeBlocker, type Blocker } from '../lambda/core/verdict';
import type { RegionCoexistence } from '../lambda/core/coexistence';
import { coexistenceText } from '../lambda/report/coexistence';
import type { RunReport } from '../lambda/report/report';
import { CliError, InvalidConfigError } from './errors';
import { EXIT, type CliIo, type ExitCode } from './io';

export interface PlanView {
  /** The time the plan was made as of. */
  readonly plannedAt: number;
  readonly accountId: string;
  /** The regions covered, comma-separated. */
  readonly region: string;
  readonly plan: Plan;
  readonly live: readonly LiveDigest[];
  readonly missing: readonly MissingLiveImage[];
  readonly failedSources: readonly SourceFailure[];
  readonly notes: readonly SourceNote[];
  /** What blocks (or would block) deletion; empty when a delete run would go ahead. */
  readonly blockers: readonly Blocker[];
  /** Per region, the governed repositories that still have an ECR lifecycle policy. */
  readonly coexistence: readonly RegionCoexistence[];
}

/** The report's plan; an invalid config is exit 2 (every issue printed), a run that could not plan is exit 1. */
export function viewOf(report: RunReport): PlanView {
  if (report.configIssues.length > 0) throw new InvalidConfigError(report.configIssues);
  if (report.plan === undefined) throw new CliError(report.errors.join('; ') || `the run ended ${report.outcome} without a plan`, EXIT.failure);
  return {
    plannedAt: report.decidedAt ?? report.finishedAt,
    accountId: report.accountId ?? 'unknown',
    region: report.regions?.join(', ') || 'unknown',
    plan: report.plan,
    live: report.live,
    missing: report.missing,
    failedSources: report.failedSources,
    notes: report.notes,
    blockers: report.blockers,
    coexistence: report.coexistence ?? [],
  };
}

/**
 * Only the repositories a glob matches (config glob semantics), with totals recomputed over them. The blockers stay:
 * they are about the whole run, which would still be blocked.
 */
export function selectRepositories(view: PlanView, glob: string): PlanView {
  const matches = compileGlob(glob);
  const decisions = view.plan.decisions.filter((decision) => matches(decision.repository));
  const ungovernedRepositories = view.plan.ungovernedRepositories.filter(matches);
  return {
    ...view,
    plan: {
      decisions,
      deletions: view.plan.deletions.filter((deletion) => matches(deletion.repository)),
      ungovernedRepositories,
      summary: summarize(decisions, ungovernedRepositories.length),
      attachmentsOfDeletions: view.plan.attachmentsOfDeletions.filter((entry) => matches(entry.repository)),
      idlePolicies: view.plan.idlePolicies,
    },
    live: view.live.filter((entry) => matches(entry.repository)),
    missing: view.missing.filter((missing) => matches(missing.repository)),
  };
}

/** One note, once: the governed repositories whose ECR lifecycle policy still expires images behind this tool's back. */
export function reportLifecyclePolicies(view: PlanView, io: CliIo): void {
  const text = coexistenceText(view.coexistence, view.plannedAt);
  if (!text) return;
  const shown = text.repositories.slice(0, 20).join(', ') + (text.repositories.length > 20 ? `, and ${text.repositories.length - 20} more` : '');
  io.err(`note: ${text.headline}${shown ? ` (${shown})` : ''} ${text.details.join(' ')}`);
}

/** One `blocked:` line per blocker; exit 3 when there is any. */
export function reportBlockers(view: PlanView, io: CliIo): ExitCode {
  for (const note of view.notes) io.err(`note: ${note.source}: ${note.message}`);
  for (const idle of view.plan.idlePolicies) io.err(`note: policy ${idle.name} (${idle.document}) governs no repository: its rules and protect patterns apply nowhere`);
  for (const blocker of view.blockers) io.err(`blocked: ${describeBlocker(blocker)}`);
  if (view.failedSources.length > 0) io.err(`(the live set is incomplete, so an image in use could look unused: rerun once ${view.failedSources.map((f) => f.source).join(', ')} can be read)`);
  return view.blockers.length > 0 ? EXIT.blocked : EXIT.ok;
}
