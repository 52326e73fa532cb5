/** What the planner produces: a decision with every reason for each governed digest, and the deletions in order. */
import type { Digest, ImageId, ImageRecord, JournalEntry } from './model';
import type { Reason, ReasonCode } from './reasons';

export interface Decision {
  readonly region: string;
  readonly repository: string;
  readonly policy: string;
  readonly image: ImageRecord;
  readonly action: 'keep' | 'delete';
  readonly reasons: readonly Reason[];
}

/**
 * One digest to delete: what the plan says, what the deleter is asked, and what the report counts. The one deletion
 * type from planner to email.
 */
export interface Deletion {
  /** The region of the registry it is deleted from. */
  readonly region: string;
  readonly repository: string;
  readonly digest: Digest;
  /** Its tags when the plan was made: deleting a digest deletes its tags, so it is deleted only if they still are. */
  readonly expectedTags: readonly string[];
  /**
   * 0 for a digest deleted for its own sake, n+1 for an attachment of a wave-n deletion. ECR refuses to delete a child
   * while an index still lists it, even in the same call, so waves run one after another.
   */
  readonly wave: number;
  /**
   * The deletions it follows out (its parents, in any repository), all in earlier waves. If one of them is not deleted
   * in this run (a deploy re-tagged it, or its call failed), neither is this: a signature must not go while its image
   * stays.
   */
  readonly follows: readonly ImageId[];
  /** ECR's imageSizeInBytes; 0 for an index (its members carry the bytes: core/summary bytesOf). */
  readonly sizeBytes: number;
}

export interface Plan {
  /** Sorted by repository, then digest. Governed repositories only. */
  readonly decisions: readonly Decision[];
  /** Sorted by wave, then repository, then digest: every parent before its attachments. */
  readonly deletions: readonly Deletion[];
  readonly ungovernedRepositories: readonly string[];
  /**
   * Policies that govern no repository of the registry: none matches, or an earlier policy (first match governs, across
   * documents in name order) takes every repository they match. Their rules, protect patterns included, apply nowhere.
   */
  readonly idlePolicies: readonly { readonly name: string; readonly document: string }[];
  readonly summary: PlanSummary;
  /**
   * Every attachment of every planned deletion, deleted too or kept, in any repository: what the journal must hold
   * before the first deletion, so that a run stopped between a parent and its attachments can be finished.
   */
  readonly attachmentsOfDeletions: readonly JournalEntry[];
}

export interface RepositorySummary {
  readonly region: string;
  readonly repository: string;
  readonly policy: string;
  readonly images: number;
  readonly kept: number;
  readonly deleted: number;
  /** Sum of ECR's imageSizeInBytes of the deleted digests (layers shared with kept images are not freed). */
  readonly bytesDeleted: number;
}

export interface PlanSummary {
  readonly governedRepositories: number;
  readonly ungovernedRepositories: number;
  readonly images: number;
  readonly kept: number;
  readonly deleted: number;
  readonly bytesDeleted: number;
  /** Kept decisions per keep-reason code; one decision counts once per code. */
  readonly keepReasons: Readonly<Partial<Record<ReasonCode, number>>>;
  /** Repositories with at least one deletion, in name order. */
  readonly repositories: readonly RepositorySummary[];
}
