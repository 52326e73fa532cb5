/**
 * The three invariants, checked on the ECR state the emulator holds after each run (what is really left, whatever
 * the run reported):
 * 1. nothing that must survive (oracle.ts) is gone, nor any attachment of a digest that is still there and that the
 *    clean run keeps;
 * 2. what a faulty run (or its restart) removed, the clean run removes too;
 * 3. the re-run after the faults converges to the clean run's final state, tags included.
 * Invariant 0 is the harness's own: a run without faults must complete (else the case proves nothing).
 */
import type { EmuImage } from '../../emulator/aws/account';
import { attachmentsOf, type MustSurvive } from './oracle';

/** `repository@digest` → its tags, sorted. */
export type EcrState = ReadonlyMap<string, readonly string[]>;

export function stateOf(repositories: readonly { name: string; images: readonly EmuImage[] }[]): EcrState {
  return new Map(repositories.flatMap((r) => r.images.map((image) => [`${r.name}@${image.digest}`, [...image.tags].sort()] as const)));
}

export interface Violation {
  readonly invariant: 0 | 1 | 2 | 3;
  /** The run after which it was seen: clean, faulty, restart, rerun. */
  readonly step: string;
  readonly detail: string;
}

export function nothingKeptIsGone(step: string, state: EcrState, survive: MustSurvive, keptByClean: EcrState, repositories: readonly { name: string; images: EmuImage[] }[]): Violation[] {
  const violations: Violation[] = [];
  for (const [key, reason] of survive) {
    if (!state.has(key)) violations.push({ invariant: 1, step, detail: `deleted ${key}: ${reason}` });
  }
  for (const repository of repositories) {
    for (const [parent, children] of attachmentsOf(repository.images)) {
      // A kept digest: still there, and the clean run keeps it too (a parent whose own deletion failed is not kept).
      const parentKey = `${repository.name}@${parent}`;
      if (!state.has(parentKey) || !keptByClean.has(parentKey)) continue;
      for (const child of children) {
        const childKey = `${repository.name}@${child}`;
        if (!state.has(childKey) && !survive.has(childKey)) violations.push({ invariant: 1, step, detail: `deleted ${childKey}: attachment of ${parent}, which is kept` });
      }
    }
  }
  return violations;
}

export function removedOnlyWhatCleanRemoves(step: string, original: EcrState, state: EcrState, clean: EcrState): Violation[] {
  return [...original.keys()]
    .filter((key) => !state.has(key) && clean.has(key))
    .map((key) => ({ invariant: 2 as const, step, detail: `deleted ${key}, which the clean run keeps` }));
}

export function convergedToClean(step: string, state: EcrState, clean: EcrState): Violation[] {
  const violations: Violation[] = [];
  for (const [key, tags] of clean) {
    const now = state.get(key);
    if (!now) violations.push({ invariant: 3, step, detail: `${key} is gone, the clean run keeps it` });
    else if (now.join(',') !== tags.join(',')) violations.push({ invariant: 3, step, detail: `${key} has tags [${now.join(', ')}], the clean run leaves [${tags.join(', ')}]` });
  }
  for (const key of state.keys()) {
    if (!clean.has(key)) violations.push({ invariant: 3, step, detail: `${key} is still there, the clean run deletes it` });
  }
  return violations;
}

/**
 * Not an invariant but the usual cause of a violation: attachments (index children, referrers, signatures) still
 * there while every parent they had in the original account is gone — what a run interrupted between its deletion
 * waves leaves, and what a live child of a deleted index becomes.
 */
export function orphanedAttachments(state: EcrState, repositories: readonly { name: string; images: EmuImage[] }[]): string[] {
  const parentsOf = new Map<string, string[]>();
  for (const repository of repositories) {
    for (const [parent, children] of attachmentsOf(repository.images)) {
      for (const child of children) {
        const key = `${repository.name}@${child}`;
        parentsOf.set(key, [...(parentsOf.get(key) ?? []), `${repository.name}@${parent}`]);
      }
    }
  }
  return [...parentsOf].filter(([child, parents]) => state.has(child) && parents.every((parent) => !state.has(parent))).map(([child]) => child);
}
