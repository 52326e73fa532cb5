/** What a lifecycle policy does to one image: which rule expires or archives it, or why none does. */
import type { Digest } from '../model';
import type { LifecycleImage, LifecycleRule } from './policy';

export type LifecycleOutcome =
  /** `subject`: not the rule's own mark, but the expired subject this referrer follows out (cascade.ts). */
  | { readonly kind: 'expire'; readonly rule: LifecycleRule; readonly subject?: Digest }
  /** Archived, not deleted: an archived image cannot be pulled, but can be restored. */
  | { readonly kind: 'transition'; readonly rule: LifecycleRule }
  /**
   * `heldBy`: the rule that took the image and did not mark it (no later rule may). `undetermined`: that rule could
   * not be decided for it (marks.ts).
   */
  | { readonly kind: 'none'; readonly heldBy?: LifecycleRule; readonly undetermined?: boolean };

export interface EvaluatedImage {
  readonly image: LifecycleImage;
  readonly outcome: LifecycleOutcome;
}

/** The images the policy acts on (expires or archives). */
export function actedOn(evaluated: readonly EvaluatedImage[]): EvaluatedImage[] {
  return evaluated.filter(({ outcome }) => outcome.kind !== 'none');
}
