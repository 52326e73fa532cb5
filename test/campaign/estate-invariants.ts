/**
 * The estate's invariants, judged on what the emulator holds after the registry's run and on its report and email:
 * 1. no image a workload account's workloads pulled when its export was written is gone;
 * 2. when an expected export is missing, stale, malformed, incomplete or the bucket cannot be read, nothing is gone,
 *    the report is `blocked` by an `expected-export` blocker naming that account, and the email names it too;
 * 3. when the exchange is sound, exactly the oracle's deletable images are gone (so that deleting nothing fails);
 * 4. no account overwrote, deleted or shadowed another account's export;
 * 5. a run that relied on exports states the oldest one and its age (the window: README "The window").
 * Invariant 0 is the harness's: a workload account's run the fault does not touch writes a complete export.
 */
import type { PublishedMessage } from '../../emulator/aws/account';
import type { RunReport } from '../../lambda/report/report';
import type { Expectation } from './estate-faults';
import type { Interlude } from './estate-interlude';
import type { EstateOracle } from './estate-oracle';
import type { EcrState } from './invariants';

export interface EstateViolation {
  readonly invariant: 0 | 1 | 2 | 3 | 4 | 5;
  readonly detail: string;
}

export interface RegistryRun {
  readonly oracle: EstateOracle;
  readonly expectation: Expectation;
  readonly report: RunReport;
  /** The registry's ECR after its run. */
  readonly after: EcrState;
  readonly emails: readonly PublishedMessage[];
  readonly interlude: Interlude;
  /** The collection time of every expected export a sound run relies on. */
  readonly exportedAt: ReadonlyMap<string, number>;
}

export function judgeRegistryRun(run: RegistryRun): EstateViolation[] {
  const violations = [...liveKept(run), ...noForeignWrite(run)];
  const { expectation, report } = run;
  if (expectation.kind === 'block' || (expectation.kind === 'delete-or-block' && report.outcome !== 'deleted')) violations.push(...blockedAndAlerted(run));
  else violations.push(...exactlyTheDeletable(run), ...oldestExportStated(run));
  return violations;
}

function gone(run: RegistryRun): string[] {
  return [...run.oracle.original.keys()].filter((key) => !run.after.has(key));
}

function liveKept({ oracle, after }: RegistryRun): EstateViolation[] {
  return [...oracle.live].filter(([key]) => !after.has(key))
    .map(([key, accounts]) => ({ invariant: 1 as const, detail: `deleted ${key}, pulled by ${accounts.join(', ')} when it exported` }));
}

function blockedAndAlerted(run: RegistryRun): EstateViolation[] {
  const violations: EstateViolation[] = gone(run).map((key) => ({ invariant: 2 as const, detail: `deleted ${key} although an expected export cannot be relied on` }));
  const problems = run.report.blockers.flatMap((b) => (b.code === 'expected-export' ? b.problems : []));
  if (run.report.outcome !== 'blocked') violations.push({ invariant: 2, detail: `the registry's run ended ${run.report.outcome}, not blocked: ${run.report.errors.join('; ')}` });
  const named = run.expectation.kind === 'block' ? run.expectation : { ids: problems.slice(0, 1).map((p) => p.id), problem: undefined };
  if (problems.length === 0) violations.push({ invariant: 2, detail: `no expected-export blocker (blockers: ${run.report.blockers.map((b) => b.code).join(', ') || 'none'})` });
  for (const id of named.ids) {
    const problem = problems.find((p) => p.id === id);
    if (!problem) violations.push({ invariant: 2, detail: `the expected-export blocker does not name ${id}` });
    else if (named.problem !== undefined && problem.problem !== named.problem) violations.push({ invariant: 2, detail: `${id} is blocked as ${problem.problem}, not ${named.problem}` });
    if (!run.emails.some((email) => email.message.includes(id) && (named.problem === undefined || email.message.includes(named.problem)))) {
      violations.push({ invariant: 2, detail: `no email to the registry's topic names ${id}${named.problem ? ` as ${named.problem}` : ''}` });
    }
  }
  return violations;
}

function exactlyTheDeletable(run: RegistryRun): EstateViolation[] {
  const removed = new Set(gone(run));
  const violations: EstateViolation[] = [];
  if (run.report.outcome !== 'deleted') violations.push({ invariant: 3, detail: `the registry's run ended ${run.report.outcome} on a sound exchange: ${[...run.report.errors, ...run.report.blockers.map((b) => b.code)].join('; ')}` });
  for (const key of removed) if (!run.oracle.deletable.has(key)) violations.push({ invariant: 3, detail: `deleted ${key}, which the oracle keeps: ${run.oracle.survive.get(key) ?? 'live'}` });
  for (const key of run.oracle.deletable) if (!removed.has(key)) violations.push({ invariant: 3, detail: `kept ${key}, which nothing keeps` });
  return violations;
}

function noForeignWrite({ interlude }: RegistryRun): EstateViolation[] {
  const evidence = interlude.foreignWrite;
  if (!evidence) return [];
  const violations: EstateViolation[] = evidence.attempts.filter((a) => a.answer !== 'AccessDenied')
    .map((a) => ({ invariant: 4 as const, detail: `${evidence.attacker}: ${a.what} answered ${a.answer}, not AccessDenied` }));
  if (!evidence.untouched) violations.push({ invariant: 4, detail: `${evidence.attacker} changed the export of ${evidence.victim}` });
  return violations;
}

function oldestExportStated({ report, exportedAt }: RegistryRun): EstateViolation[] {
  const oldest = Math.min(...exportedAt.values());
  const stated = report.oldestExport;
  if (!stated) return [{ invariant: 5, detail: 'the report does not state the oldest export it relied on' }];
  if (stated.collectedAt !== oldest || exportedAt.get(stated.id) !== oldest) {
    return [{ invariant: 5, detail: `the report states ${stated.id} collected ${new Date(stated.collectedAt).toISOString()}; the oldest was ${new Date(oldest).toISOString()}` }];
  }
  if (report.decidedAt === undefined) return [{ invariant: 5, detail: 'the report has no decision time to age the export by' }];
  return [];
}
