/**
 * The verdict (DESIGN.md rule 6): whether this run deletes, only records what it would delete (plan mode, the user's
 * choice), or is blocked, with every blocker found so the report can say all of them at once. A blocked run needs
 * attention; a recording one does not.
 */
import type { ExchangeProblem } from './exchange';
import type { RegionFailure } from './collected';
import type { Mode } from './policy';
import type { ReplicationProblem } from './replication';

export type Blocker =
  | { readonly code: 'invalid-config'; readonly issues: number }
  | { readonly code: 'incomplete-live-set'; readonly sources: readonly string[] }
  | { readonly code: 'unreadable-region'; readonly regions: readonly RegionFailure[] }
  | { readonly code: 'expected-export'; readonly problems: readonly ExchangeProblem[] }
  | { readonly code: 'replicated-deletes'; readonly problems: readonly ReplicationProblem[] }
  | { readonly code: 'over-cap'; readonly deletions: number; readonly cap: number };

export type Verdict =
  | { readonly action: 'delete' }
  | { readonly action: 'record' }
  | { readonly action: 'blocked'; readonly blockers: readonly Blocker[] };

export interface VerdictInput {
  readonly mode: Mode;
  readonly deletions: number;
  readonly maxDeletionsPerRun: number;
  /** Live sources that could not be read completely, each with what failed. */
  readonly failedSources: readonly string[];
  /** Covered regions whose registry could not be listed. */
  readonly unreadableRegions?: readonly RegionFailure[];
  /** Expected exports that cannot be relied on. */
  readonly exchangeProblems?: readonly ExchangeProblem[];
  /** Destinations of replicated deletes whose pulls are unknown. */
  readonly replicationProblems?: readonly ReplicationProblem[];
}

export function verdictOf(input: VerdictInput): Verdict {
  const blockers: Blocker[] = [];
  if (input.failedSources.length > 0) blockers.push({ code: 'incomplete-live-set', sources: input.failedSources });
  if (input.unreadableRegions?.length) blockers.push({ code: 'unreadable-region', regions: input.unreadableRegions });
  if (input.exchangeProblems?.length) blockers.push({ code: 'expected-export', problems: input.exchangeProblems });
  if (input.replicationProblems?.length) blockers.push({ code: 'replicated-deletes', problems: input.replicationProblems });
  if (input.deletions > input.maxDeletionsPerRun) blockers.push({ code: 'over-cap', deletions: input.deletions, cap: input.maxDeletionsPerRun });
  if (blockers.length > 0) return { action: 'blocked', blockers };
  return input.mode === 'delete' ? { action: 'delete' } : { action: 'record' };
}

/** A config that does not validate: nothing was collected, so nothing else can be said. */
export function configVerdict(issues: number): Verdict {
  return { action: 'blocked', blockers: [{ code: 'invalid-config', issues }] };
}

export function blockersOf(verdict: Verdict): readonly Blocker[] {
  return verdict.action === 'blocked' ? verdict.blockers : [];
}

export function describeBlocker(blocker: Blocker): string {
  switch (blocker.code) {
    case 'invalid-config':
      return `the configuration is invalid (${blocker.issues} error${blocker.issues === 1 ? '' : 's'}): nothing was deleted`;
    case 'incomplete-live-set':
      return `live set incomplete, nothing was deleted: ${blocker.sources.join('; ')}`;
    case 'unreadable-region':
      return `a region could not be read, nothing was deleted in any region (its workloads may pull from any): ${blocker.regions.map((r) => `${r.region}: ${r.message}`).join('; ')}`;
    case 'expected-export':
      return `an expected export cannot be relied on, nothing was deleted: ${blocker.problems.map((p) => `${p.id} ${p.problem}: ${p.message}`).join('; ')}`;
    case 'replicated-deletes':
      return `deletions replicate where this run cannot see, nothing was deleted: ${blocker.problems.map((p) => p.message).join('; ')}`;
    case 'over-cap':
      return `the plan deletes ${blocker.deletions} digests, over maxDeletionsPerRun ${blocker.cap}: nothing was deleted`;
  }
}
