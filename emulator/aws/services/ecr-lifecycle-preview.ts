/**
 * The emulated lifecycle policy preview (StartLifecyclePolicyPreview / GetLifecyclePolicyPreview), computed from the
 * documented evaluation rules (LifecyclePolicies.html "Lifecycle policy evaluation rules" and the "Filtering on
 * multiple rules" examples of lifecycle_policy_examples.html), written apart from lambda/core/lifecycle so that a test
 * comparing the two compares two readings of the documentation, not one code with itself:
 *
 * 1. "The lifecycle policy evaluator goes through all of the rules and marks the images that each rule affects":
 *    every rule marks over all the images its tag status, tag patterns and storage class select;
 * 2. "then applies the rules, based on rule priority": walking the rules lowest priority first, each claims the
 *    images it selects that no earlier rule claimed, and acts on those it marked. An image is claimed once, so it is
 *    "expired by exactly one or zero rules", and a higher-priority rule's tag match shields it from later rules.
 *
 * The preview lists what rules act on. Whether it also lists the referrers the lifecycle removes with an expired
 * subject is not documented: it does not.
 */
import type { EmuImage, EmuLifecyclePreview } from '../account';
import type { EmuRule } from './ecr-lifecycle-rules';
import { imageStatusOf } from './ecr-images';

const DAY = 86_400_000;

export function previewOf(policyText: string, rules: readonly EmuRule[], images: readonly EmuImage[], now: number): EmuLifecyclePreview {
  const marked = new Map(rules.map((rule) => [rule, markedBy(rule, images.filter((image) => takes(rule, image)), now)]));
  const claimed = new Set<string>();
  const results: EmuLifecyclePreview['results'] = [];
  for (const rule of rules) {
    for (const image of images) {
      if (claimed.has(image.digest) || !takes(rule, image)) continue;
      claimed.add(image.digest);
      if (marked.get(rule)?.has(image.digest)) results.push({ digest: image.digest, appliedRulePriority: rule.priority, action: rule.action });
    }
  }
  return { policyText, results };
}

function takes(rule: EmuRule, image: EmuImage): boolean {
  if (imageStatusOf(image) !== rule.storage) return false;
  if (rule.tagStatus === 'untagged') return image.tags.length === 0;
  if (rule.tagStatus === 'any') return true;
  return rule.patterns.every((pattern) => image.tags.some((tag) => wildcard(pattern).test(tag)));
}

/** `*` is any run of characters; the rest is literal; the whole tag must match. */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function markedBy(rule: EmuRule, selected: readonly EmuImage[], now: number): Set<string> {
  if (rule.countType === 'imageCountMoreThan') {
    // "sorted from youngest to oldest based on pushed_at_time", all beyond the count expired; ties by digest.
    const sorted = [...selected].sort((a, b) => (a.pushedAt !== b.pushedAt ? b.pushedAt - a.pushedAt : a.digest.localeCompare(b.digest)));
    return new Set(sorted.slice(rule.countNumber).map((image) => image.digest));
  }
  const since = (image: EmuImage): number | undefined => {
    if (rule.countType === 'sinceImagePushed') return image.pushedAt;
    if (rule.countType === 'sinceImagePulled') return image.lastPulledAt ?? image.pushedAt;
    return image.lastArchivedAt;
  };
  return new Set(selected.filter((image) => {
    const at = since(image);
    return at !== undefined && now - at > rule.countNumber * DAY;
  }).map((image) => image.digest));
}
