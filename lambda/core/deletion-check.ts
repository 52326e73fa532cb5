/**
 * The last word on each deletion, said right before its BatchDeleteImage call: the plan was made minutes ago, and a
 * deploy may have re-tagged a digest since, a parent's call may have failed, an image may have been archived. The
 * deleter reads the registry and asks these functions; every rule is here, none in the deleter. Pure.
 */
import type { ImageStatus } from './model';
import { imageKey } from './order';
import type { Deletion } from './plan';

/** What the registry holds for a digest now; undefined when it is gone. */
export interface ObservedImage {
  readonly tags: readonly string[];
  readonly status: ImageStatus;
}

/**
 * Why a deletion must not follow its parents out: one of them was not deleted in this run (skipped or failed).
 * Asked before reading the registry, since the answer needs no read.
 */
export function unmetParent(deletion: Deletion, deletedInThisRun: ReadonlySet<string>): string | undefined {
  const kept = deletion.follows.find((parent) => !deletedInThisRun.has(imageKey(parent)));
  return kept === undefined ? undefined : `its parent ${kept.repository === deletion.repository ? kept.digest : imageKey(kept)} was not deleted`;
}

/**
 * Why a deletion must not go ahead given what the registry holds now; undefined when it still may. `repeated`: the
 * same digest was already asked for in this call.
 */
export function changedSincePlanning(deletion: Deletion, observed: ObservedImage | undefined, repeated: boolean): string | undefined {
  if (repeated) return 'requested twice in one call';
  if (observed === undefined) return 'no longer in the repository';
  // Archived images are never deleted (DESIGN.md); one archived since planning is not either.
  if (observed.status !== 'ACTIVE') return `no longer an active image (${observed.status})`;
  const planned = new Set(deletion.expectedTags);
  if (observed.tags.length === planned.size && observed.tags.every((tag) => planned.has(tag))) return undefined;
  return `tags changed since planning: planned [${deletion.expectedTags.join(', ')}], now [${observed.tags.join(', ')}]`;
}
