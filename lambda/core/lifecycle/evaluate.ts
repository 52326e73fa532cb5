/**
 * A lifecycle policy applied to one repository's images as of `now`, with ECR's documented semantics
 * (LifecyclePolicies.html, "Lifecycle policy evaluation rules"; lifecycle_policy_examples.html, "Filtering on
 * multiple rules"):
 *
 * - every rule marks on its own, over all the images it selects (marks.ts);
 * - rules are then applied by rulePriority, lowest first, and an image "is expired by exactly one or zero rules";
 * - "an image that matches the tagging requirements of a rule cannot be expired by a rule with a lower priority": the
 *   first rule whose selection takes an image decides for it alone. Marked by it: its action (expire, or transition,
 *   which archives rather than deletes). Not marked: nothing, whatever later rules mark (example A: image B, kept by
 *   rule 1, "is skipped" by rule 2). Storage class is part of what takes an image: an archived image is taken only
 *   by archive rules, or no policy could ever expire what its own transition rule archived;
 * - the OCI referrers of an expired subject go with it (cascade.ts).
 */
import { followSubjects } from './cascade';
import { marksOf, type RuleMarks } from './marks';
import type { EvaluatedImage, LifecycleOutcome } from './outcome';
import type { LifecycleImage, LifecyclePolicy, LifecycleRule } from './policy';
import { selects } from './selection';

/** One entry per image, in input order. */
export function evaluateLifecyclePolicy(policy: LifecyclePolicy, images: readonly LifecycleImage[], now: number): EvaluatedImage[] {
  const marks = new Map<LifecycleRule, RuleMarks>();
  for (const rule of policy.rules) marks.set(rule, marksOf(rule.selection, images.filter((image) => selects(rule.selection, image)), now));
  const evaluated = images.map((image) => ({ image, outcome: decide(policy.rules, marks, image) }));
  return followSubjects(evaluated);
}

function decide(rules: readonly LifecycleRule[], marks: ReadonlyMap<LifecycleRule, RuleMarks>, image: LifecycleImage): LifecycleOutcome {
  const rule = rules.find((candidate) => selects(candidate.selection, image));
  if (!rule) return { kind: 'none' };
  const ruleMarks = marks.get(rule) as RuleMarks;
  if (ruleMarks.undetermined.has(image.digest)) return { kind: 'none', heldBy: rule, undetermined: true };
  if (!ruleMarks.marked.has(image.digest)) return { kind: 'none', heldBy: rule };
  return rule.action.type === 'expire' ? { kind: 'expire', rule } : { kind: 'transition', rule };
}
