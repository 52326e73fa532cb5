/**
 * Which images a rule's selection takes: tag status, tag lists and storage class (lifecycle_policy_parameters.html;
 * LifecyclePolicies.html, "Lifecycle policy evaluation rules").
 *
 * A tag list matches an image when *every* entry of the list matches at least one of the image's tags: "an image is
 * successfully matched if all of the tags in the tagPrefixList value are matched against any of the image's tags",
 * and for both lists "if you specify multiple tags, only the images with all specified tags are selected". The
 * examples say the same: ["alpha", "beta"] selects the images tagged alpha-2 and beta-2, not those tagged only alpha-1.
 */
import type { LifecycleImage, LifecycleSelection } from './policy';

export function selects(selection: LifecycleSelection, image: LifecycleImage): boolean {
  return inStorageClass(selection, image) && matchesTags(selection, image.tags);
}

/**
 * `standard` is the active storage class, `archive` the archived one. An image being restored (ACTIVATING) is in
 * neither until the restore completes, so no rule takes it (archive_restore_image.html).
 */
function inStorageClass(selection: LifecycleSelection, image: LifecycleImage): boolean {
  return selection.storageClass === 'archive' ? image.status === 'ARCHIVED' : image.status === 'ACTIVE';
}

function matchesTags(selection: LifecycleSelection, tags: readonly string[]): boolean {
  switch (selection.tagStatus) {
    case 'any':
      return true;
    case 'untagged':
      return tags.length === 0;
    case 'tagged': {
      // tagPrefixList is "only used if you specified tagStatus tagged and tagPatternList isn't specified".
      if (selection.tagPatternList) return selection.tagPatternList.every((pattern) => tags.some((tag) => wildcardMatch(pattern, tag)));
      return (selection.tagPrefixList ?? []).every((prefix) => tags.some((tag) => tag.startsWith(prefix)));
    }
  }
}

/**
 * A tag pattern against a whole tag: `*` stands for any run of characters (none included), everything else for
 * itself: `prod*` matches prod, prod1 and prod-2; `*test*1*2*3` matches a-test-1-2-3. Linear backtracking over the
 * last `*` only (the classic wildcard algorithm), so no pattern can be slow whatever the tag.
 */
export function wildcardMatch(pattern: string, tag: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < tag.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === tag[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
