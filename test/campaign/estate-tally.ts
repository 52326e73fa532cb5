/**
 * The estate campaign's figures, summed over cases: estates and accounts, violations by invariant, exchange faults by
 * kind and how the registry's run ended under each, emulator faults that fired, deletions, foreign writes denied,
 * and the window (late references deleted or kept, and how old the export hiding them was). The jest suite asserts
 * on them (the campaign must not be vacuous); the bench prints them.
 */
import type { EstateOutcome } from './estate-case';
import type { EstateViolation } from './estate-invariants';
import { bump } from './tally';

export interface FailingEstate {
  readonly seed: number;
  readonly violations: readonly EstateViolation[];
}

export class EstateTally {
  estates = 0;
  accounts = 0;
  crossRegion = 0;
  violations = 0;
  readonly byInvariant: Record<string, number> = {};
  readonly kinds: Record<string, number> = {};
  /** `<fault kind>: <registry outcome>`, account ids left out so that outcomes group. */
  readonly outcomes: Record<string, number> = {};
  readonly injected: Record<string, number> = {};
  /** By registry runs that deleted, and what the oracle says they should have. */
  deleted = 0;
  deletable = 0;
  /** By registry runs that blocked (any is a violation of invariant 2), and what a sound exchange would have let go. */
  deletedWhenBlocked = 0;
  spared = 0;
  foreignAttempts = 0;
  foreignDenied = 0;
  readonly late: Record<string, number> = {};
  readonly windowsMs: number[] = [];
  readonly oldestExportAgesMs: number[] = [];
  readonly failing: FailingEstate[] = [];

  add(outcome: EstateOutcome, seed: number): void {
    this.estates += 1;
    this.accounts += outcome.accounts;
    this.crossRegion += outcome.crossRegion;
    this.violations += outcome.violations.length;
    for (const violation of outcome.violations) bump(this.byInvariant, `invariant ${violation.invariant}`, 1);
    if (outcome.violations.length > 0) this.failing.push({ seed, violations: outcome.violations });
    bump(this.kinds, outcome.kind, 1);
    bump(this.outcomes, `${outcome.kind}: ${outcome.registry.replace(/\d{12} /g, '').replace(/\(([a-z-]+)(, \1)+\)/, '($1 ×n)')}`, 1);
    for (const [key, n] of Object.entries(outcome.injected)) bump(this.injected, key, n);
    if (outcome.registry === 'deleted') {
      this.deleted += outcome.deleted;
      this.deletable += outcome.deletable;
    } else {
      this.deletedWhenBlocked += outcome.deleted;
      this.spared += outcome.deletable;
    }
    this.foreignAttempts += outcome.foreignWrites.attempted;
    this.foreignDenied += outcome.foreignWrites.denied;
    for (const [key, n] of Object.entries(outcome.late)) bump(this.late, key, n);
    if (outcome.windowMs !== undefined) this.windowsMs.push(outcome.windowMs);
    if (outcome.oldestExportAgeMs !== undefined) this.oldestExportAgesMs.push(outcome.oldestExportAgeMs);
  }

  lateTotal(): number {
    return Object.values(this.late).reduce((a, b) => a + b, 0);
  }

  lines(): string[] {
    const sorted = (record: Record<string, number>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
    return [
      `estates: ${this.estates} (${this.accounts} workload accounts, ${this.crossRegion} of them pulling across regions)`,
      `estate violations: ${this.violations} in ${this.failing.length} estates${this.violations > 0 ? ` (${sorted(this.byInvariant)})` : ''}`,
      `exchange faults: ${sorted(this.kinds)}`,
      `registry runs ended: ${sorted(this.outcomes)}`,
      `emulator faults fired: ${Object.values(this.injected).reduce((a, b) => a + b, 0)} (${sorted(this.injected)})`,
      `registry deletions: ${this.deleted} digests by the runs that deleted (the oracle's deletable: ${this.deletable}); ${this.deletedWhenBlocked} by the runs that blocked, which spared ${this.spared}`,
      `foreign writes: ${this.foreignAttempts} attempted, ${this.foreignDenied} denied`,
      `the window: ${this.lateTotal()} late references (${sorted(this.late)}); export hiding them ${spread(this.windowsMs)}; oldest export relied on ${spread(this.oldestExportAgesMs)}`,
    ];
  }
}

/** min / median / max, in hours. */
function spread(values: readonly number[]): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
  return `${hours(sorted[0] as number)} / ${hours(sorted[Math.floor(sorted.length / 2)] as number)} / ${hours(sorted.at(-1) as number)} old (min / median / max)`;
}
