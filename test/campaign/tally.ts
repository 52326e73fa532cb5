/**
 * The campaign's figures, summed over cases: cases, violations by invariant, faults injected by kind, how the faulty
 * runs ended, how much was deleted. The jest suite asserts on them (the campaign must not be vacuous); the bench
 * prints them.
 */
import type { CaseOutcome } from './campaign-case';
import type { Violation } from './invariants';

export interface FailingCase {
  readonly seed: number;
  readonly violations: readonly Violation[];
}

export class CampaignTally {
  cases = 0;
  violations = 0;
  readonly byInvariant: Record<string, number> = {};
  readonly faults: Record<string, number> = {};
  readonly faultyOutcomes: Record<string, number> = {};
  deletedByClean = 0;
  deletedUnderFaults = 0;
  casesDeletingUnderFaults = 0;
  casesWithOrphans = 0;
  /** Failing cases in which no attachment outlived its parents: violations the orphan mechanism does not explain. */
  failingWithoutOrphans = 0;
  readonly failing: FailingCase[] = [];

  add(outcome: CaseOutcome, seed: number): void {
    this.cases += 1;
    this.violations += outcome.violations.length;
    for (const violation of outcome.violations) bump(this.byInvariant, `invariant ${violation.invariant}`, 1);
    const orphaned = outcome.orphans.clean + outcome.orphans.faulty > 0;
    if (orphaned) this.casesWithOrphans += 1;
    if (outcome.violations.length > 0) {
      this.failing.push({ seed, violations: outcome.violations });
      if (!orphaned) this.failingWithoutOrphans += 1;
    }
    for (const [kind, n] of Object.entries(outcome.faults)) bump(this.faults, kind, n);
    bump(this.faultyOutcomes, outcome.outcomes.restart ? `killed, restart ${outcome.outcomes.restart}` : outcome.outcomes.faulty ?? '?', 1);
    this.deletedByClean += outcome.deletedByClean;
    this.deletedUnderFaults += outcome.deletedUnderFaults;
    if (outcome.deletedUnderFaults > 0) this.casesDeletingUnderFaults += 1;
  }

  /** The figures as printed lines. */
  lines(): string[] {
    const sorted = (record: Record<string, number>) => Object.entries(record).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`).join(', ');
    return [
      `cases: ${this.cases}`,
      `violations: ${this.violations} in ${this.failing.length} cases${this.violations > 0 ? ` (${sorted(this.byInvariant)})` : ''}`,
      `faults injected: ${Object.values(this.faults).reduce((a, b) => a + b, 0)} (${sorted(this.faults)})`,
      `faulty runs ended: ${sorted(this.faultyOutcomes)}`,
      `digests deleted: ${this.deletedByClean} by the clean runs, ${this.deletedUnderFaults} under faults (in ${this.casesDeletingUnderFaults} cases)`,
      `cases leaving an attachment without its parents: ${this.casesWithOrphans}; failing cases without one: ${this.failingWithoutOrphans}`,
    ];
  }
}

/** Adds `n` under `key`. */
export function bump(record: Record<string, number>, key: string, n: number): void {
  record[key] = (record[key] ?? 0) + n;
}
