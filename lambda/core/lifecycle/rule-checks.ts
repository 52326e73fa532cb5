/**
 * What no single field says but the documentation requires of a rule, or of the rules together
 * (lifecycle_policy_parameters.html; LifecyclePolicies.html, "Lifecycle policy evaluation rules"; archive-image.html).
 * ECR refuses such a policy when it is put; finding one here means the text did not come from ECR as it stands.
 */
import type { LifecycleRule } from './policy';
import type { Report } from './rule-fields';

/** "You cannot configure lifecycle policies that delete images that have been in archive for less than 90 days." */
const MIN_ARCHIVE_DAYS = 90;

export function checkRule(rule: LifecycleRule, path: string, report: Report): void {
  const { selection, action } = rule;
  if (selection.countType === 'sinceImageTransitioned') {
    // storageClass: "When using a countType of sinceImageTransitioned, this is required, and the only supported value is archive".
    if (selection.storageClass !== 'archive') report(`${path}.selection.storageClass`, 'sinceImageTransitioned selects archived images: storageClass must be "archive"');
    if (action.type !== 'expire') report(`${path}.action.type`, 'sinceImageTransitioned rules expire archived images: action must be "expire"');
    if (selection.countNumber < MIN_ARCHIVE_DAYS) report(`${path}.selection.countNumber`, `an archived image cannot be expired before ${MIN_ARCHIVE_DAYS} days in archive`);
  } else if (selection.storageClass === 'archive') {
    report(`${path}.selection.storageClass`, `${selection.countType} selects standard (active) images only: "archive" needs sinceImageTransitioned`);
  }
  // sinceImagePulled archives what nothing pulls; it is a transition criterion (aws-k8s-facts.md §7, lifecycle_policy_parameters.html).
  if (selection.countType === 'sinceImagePulled' && action.type !== 'transition') {
    report(`${path}.action.type`, 'sinceImagePulled is for transition rules: action must be "transition"');
  }
}

/** Unique priorities, `any` last, one untagged rule and distinct tag lists per storage class. */
export function checkRules(rules: readonly { rule: LifecycleRule; path: string }[], report: Report): void {
  const seen = new Map<string, string>();
  const highest = Math.max(...rules.map(({ rule }) => rule.rulePriority));
  for (const { rule, path } of rules) {
    const { selection } = rule;
    claim(`priority ${rule.rulePriority}`, path, `${path}.rulePriority`, `${rule.rulePriority} is already the priority of ${seen.get(`priority ${rule.rulePriority}`)}: priorities must be unique`);
    // "A rule with a tagStatus value of any must have the highest value for rulePriority and be evaluated last."
    if (selection.tagStatus === 'any' && rule.rulePriority !== highest) report(`${path}.rulePriority`, 'a rule with tagStatus any must have the highest rulePriority');
    // "Only one rule is allowed to select untagged images." Archived and active images are selected apart.
    if (selection.tagStatus === 'untagged') claim(`untagged ${selection.storageClass}`, path, `${path}.selection.tagStatus`, `only one rule may select untagged ${selection.storageClass} images; ${seen.get(`untagged ${selection.storageClass}`)} does already`);
    // "The set of rules must contain a unique set of tag prefixes."
    const list = selection.tagPatternList ?? selection.tagPrefixList;
    if (list) {
      const key = `tags ${selection.storageClass} ${[...list].sort().join('\u0000')}`;
      claim(key, path, `${path}.selection`, `the same tag list as ${seen.get(key)}: each rule needs its own set of tags`);
    }
  }

  function claim(key: string, owner: string, at: string, message: string): void {
    if (seen.has(key)) report(at, message);
    else seen.set(key, owner);
  }
}
