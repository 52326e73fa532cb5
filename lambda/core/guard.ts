/**
 * The last gate before deletion (DESIGN.md rule 6): the run must be healthy, in `delete` mode, and under the cap.
 * Every blocker found is returned, so the report can say all of them at once.
 */
import type { Mode } from './policy';

export type Blocker =
  | { readonly code: 'invalid-config'; readonly issues: number }
  | { readonly code: 'incomplete-live-set'; readonly sources: readonly string[] }
  | { readonly code: 'over-cap'; readonly deletions: number; readonly cap: number }
  | { readonly code: 'plan-mode' };

export interface GuardInput {
  readonly mode: Mode;
  readonly deletions: number;
  readonly maxDeletionsPerRun: number;
  /** Live sources that could not be read completely, each with what failed. */
  readonly failedSources: readonly string[];
}

export function guardDeletions(input: GuardInput): Blocker[] {
  const blockers: Blocker[] = [];
  if (input.failedSources.length > 0) blockers.push({ code: 'incomplete-live-set', sources: input.failedSources });
  if (input.deletions > input.maxDeletionsPerRun) blockers.push({ code: 'over-cap', deletions: input.deletions, cap: input.maxDeletionsPerRun });
  if (input.mode === 'plan') blockers.push({ code: 'plan-mode' });
  return blockers;
}

/** A blocker that signals trouble (alerts), as opposed to plan mode, which is the user's choice. */
export function isAlarming(blocker: Blocker): boolean {
  return blocker.code !== 'plan-mode';
}

export function describeBlocker(blocker: Blocker): string {
  switch (blocker.code) {
    case 'invalid-config':
      return `the configuration is invalid (${blocker.issues} error${blocker.issues === 1 ? '' : 's'}): nothing was deleted`;
    case 'incomplete-live-set':
      return `live set incomplete, nothing was deleted: ${blocker.sources.join('; ')}`;
    case 'over-cap':
      return `the plan deletes ${blocker.deletions} digests, over maxDeletionsPerRun ${blocker.cap}: nothing was deleted`;
    case 'plan-mode':
      return 'mode is plan (dry run): nothing was deleted';
  }
}
