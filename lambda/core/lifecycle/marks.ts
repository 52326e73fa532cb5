/**
 * Which of the images a rule selects its count criterion marks (lifecycle_policy_parameters.html, countType and
 * countNumber; LifecyclePolicies.html, "Lifecycle policy evaluation rules"). Each rule marks on its own, over
 * everything it selects: "all rules are evaluated at the same time, regardless of rule priority", and a rule "can
 * still identify" images a higher-priority rule marks "as if they haven't been expired". Priority is applied after,
 * in evaluate.ts.
 */
import type { Digest } from '../model';
import type { LifecycleImage, LifecycleSelection } from './policy';

const DAY_MS = 86_400_000;

export interface RuleMarks {
  readonly marked: ReadonlySet<Digest>;
  /** Selected images the criterion cannot be decided for (an archived image whose archive time is unknown). */
  readonly undetermined: ReadonlySet<Digest>;
}

export function marksOf(selection: LifecycleSelection, selected: readonly LifecycleImage[], now: number): RuleMarks {
  const limitMs = selection.countNumber * DAY_MS;
  switch (selection.countType) {
    case 'imageCountMoreThan':
      return { marked: beyondNewest(selected, selection.countNumber), undetermined: new Set() };
    case 'sinceImagePushed':
      // "all images whose pushed_at_time is older than the specified number of days based on countNumber are expired".
      return olderThan(selected, (image) => image.pushedAt, limitMs, now);
    case 'sinceImagePulled':
      // The days since the last recorded pull. An image never pulled has gone unpulled since its push: its push time
      // stands in (UNVERIFIED: the user guide does not say how ECR treats a digest that was never pulled).
      return olderThan(selected, (image) => image.lastPulledAt ?? image.pushedAt, limitMs, now);
    case 'sinceImageTransitioned':
      // The days since the image was archived (ImageDetail lastArchivedAt).
      return olderThan(selected, (image) => image.archivedAt, limitMs, now);
  }
}

/**
 * "Images are sorted from youngest to oldest based on pushed_at_time and then all images greater than the specified
 * count are expired." Push time only: a re-tag does not make an image younger (seed 002's rollback target). Equal
 * push times are ordered by digest, so that the answer does not depend on listing order (ECR does not say).
 */
function beyondNewest(selected: readonly LifecycleImage[], keep: number): Set<Digest> {
  const newestFirst = [...selected].sort((a, b) => b.pushedAt - a.pushedAt || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  return new Set(newestFirst.slice(keep).map((image) => image.digest));
}

function olderThan(selected: readonly LifecycleImage[], since: (image: LifecycleImage) => number | undefined, limitMs: number, now: number): RuleMarks {
  const marked = new Set<Digest>();
  const undetermined = new Set<Digest>();
  for (const image of selected) {
    const at = since(image);
    if (at === undefined) undetermined.add(image.digest);
    else if (now - at > limitMs) marked.add(image.digest);
  }
  return { marked, undetermined };
}
