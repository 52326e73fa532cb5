/**
 * An Amazon ECR lifecycle policy, as its JSON text says it (Amazon ECR User Guide, "Lifecycle policy properties",
 * lifecycle_policy_parameters.html, and the template of lifecycle_policy_examples.html). Plain data: parse.ts builds
 * it, evaluate.ts applies it to a repository's images, translate.ts turns it into a config policy.
 */
import type { ImageRecord } from '../model';

export type TagStatus = 'tagged' | 'untagged' | 'any';

export type CountType = 'imageCountMoreThan' | 'sinceImagePushed' | 'sinceImagePulled' | 'sinceImageTransitioned';

/** `standard` selects active images, `archive` archived ones; `standard` when the policy leaves it out. */
export type StorageClass = 'standard' | 'archive';

export interface LifecycleSelection {
  readonly tagStatus: TagStatus;
  /** `tagged` rules: every prefix must start one of the image's tags. Ignored when tagPatternList is given. */
  readonly tagPrefixList?: readonly string[];
  /** `tagged` rules: every pattern (`*` wildcards, at most four) must match one of the image's tags. */
  readonly tagPatternList?: readonly string[];
  readonly storageClass: StorageClass;
  readonly countType: CountType;
  /** `days`, for the `since…` count types only. */
  readonly countUnit?: 'days';
  /** A positive whole number: images to keep (imageCountMoreThan) or days. */
  readonly countNumber: number;
}

export type LifecycleAction =
  | { readonly type: 'expire' }
  /** Archives instead of deleting: `archive` is the only target (lifecycle_policy_parameters.html, "Action"). */
  | { readonly type: 'transition'; readonly targetStorageClass: 'archive' };

export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description?: string;
  readonly selection: LifecycleSelection;
  readonly action: LifecycleAction;
}

export interface LifecyclePolicy {
  /** Lowest rulePriority first: the order in which rules are applied. */
  readonly rules: readonly LifecycleRule[];
}

/**
 * An image as the evaluator needs it. `archivedAt` (DescribeImages `lastArchivedAt`) dates an archived image for
 * `sinceImageTransitioned`; when it is unknown that rule cannot be decided for the image, and says so.
 */
export type LifecycleImage = ImageRecord & { readonly archivedAt?: number };

/** "rule 2 (Keep last 5 production images)": how a rule is named to a person. */
export function ruleLabel(rule: Pick<LifecycleRule, 'rulePriority' | 'description'>): string {
  return rule.description ? `rule ${rule.rulePriority} (${rule.description})` : `rule ${rule.rulePriority}`;
}
