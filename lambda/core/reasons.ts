/**
 * Why a digest is kept or expired. Every decision carries every reason that applies, so that `explain` can answer
 * "why" without re-running anything. A single keep reason outweighs any number of expire reasons.
 */
import type { Digest } from './model';

export type KeepCondition = 'newest' | 'pushedWithin' | 'pulledWithin';

export type Reason =
  | { readonly code: 'live'; readonly verdict: 'keep'; readonly locations: readonly string[] }
  | { readonly code: 'protected'; readonly verdict: 'keep'; readonly tag: string; readonly pattern: string }
  | { readonly code: 'in-grace'; readonly verdict: 'keep'; readonly by: 'pushed' | 'pulled'; readonly ageMs: number; readonly graceMs: number }
  | { readonly code: 'archived'; readonly verdict: 'keep'; readonly status: string }
  | LineageReason
  | { readonly code: 'untagged'; readonly verdict: 'keep' | 'expire'; readonly rank?: number; readonly by?: readonly KeepCondition[] }
  | { readonly code: 'unmatched'; readonly verdict: 'keep' | 'expire' }
  /** A deletion candidate still inside settings.deletionDelay: a candidate since `since`, deleted from `until` on. */
  | { readonly code: 'delayed'; readonly verdict: 'keep'; readonly since: number; readonly until: number }
  | ClosureReason;

/** An attachment's parent decides for it. `parentRepository` is set when the parent lives in another repository. */
export interface ClosureReason {
  readonly code: 'closure';
  readonly verdict: 'keep' | 'expire';
  readonly relation: Relation;
  readonly parent: Digest;
  readonly parentRepository?: string;
}

export interface LineageReason {
  readonly code: 'lineage';
  readonly verdict: 'keep' | 'expire';
  readonly lineage: string;
  readonly group?: string;
  /** 1-based rank within the group, newest first in the lineage's order. */
  readonly rank: number;
  readonly groupSize: number;
  /** The conditions that keep it; empty when the lineage expires it. */
  readonly by: readonly KeepCondition[];
}

/** How an attachment hangs off its parent: a member of an image index, or an OCI/cosign referrer of a subject. */
export type Relation = 'child' | 'referrer';

export type ReasonCode = Reason['code'];

export const UNMATCHED_KEEPS: Reason = Object.freeze({ code: 'unmatched', verdict: 'keep' });
export const UNMATCHED_EXPIRES: Reason = Object.freeze({ code: 'unmatched', verdict: 'expire' });
export const UNTAGGED_KEEPS: Reason = Object.freeze({ code: 'untagged', verdict: 'keep' });
export const UNTAGGED_EXPIRES: Reason = Object.freeze({ code: 'untagged', verdict: 'expire' });

/** One line of plain English per reason, for tables, emails and `explain`. */
export function describeReason(reason: Reason): string {
  switch (reason.code) {
    case 'live':
      return `live: ${reason.locations.slice(0, 3).join('; ')}${reason.locations.length > 3 ? `; and ${reason.locations.length - 3} more` : ''}`;
    case 'protected':
      return `protected: tag ${reason.tag} matches ${reason.pattern}`;
    case 'in-grace':
      return `in grace period: ${reason.by} ${formatAge(reason.ageMs)} ago (< ${formatAge(reason.graceMs)})`;
    case 'archived':
      return `archived (${reason.status}): never deleted by this tool`;
    case 'lineage':
      return describeLineage(reason);
    case 'untagged':
      if (reason.verdict === 'expire') return 'untagged: the untagged rule expires it';
      return reason.by?.length ? `untagged: kept by ${reason.by.join(', ')}${reason.rank ? ` (rank ${reason.rank})` : ''}` : 'untagged: the untagged rule keeps it';
    case 'unmatched':
      return reason.verdict === 'keep' ? 'unmatched: tagged, in no lineage, and unmatched is keep' : 'unmatched: tagged, in no lineage, and unmatched is expire';
    case 'delayed':
      return `deletion delay: a candidate since ${new Date(reason.since).toISOString()}, would be deleted on ${new Date(reason.until).toISOString()}`;
    case 'closure': {
      const parent = `${reason.parentRepository !== undefined ? `${reason.parentRepository}@` : ''}${shortDigest(reason.parent)}`;
      return reason.verdict === 'keep' ? `${reason.relation} of kept ${parent}` : `${reason.relation} of deleted or missing ${parent}, nothing else keeps it`;
    }
  }
}

function describeLineage(reason: LineageReason): string {
  const where = `lineage ${reason.lineage}${reason.group !== undefined ? ` group ${reason.group}` : ''}`;
  const rank = `rank ${reason.rank} of ${reason.groupSize}`;
  return reason.verdict === 'keep' ? `${where}: kept by ${reason.by.join(', ')} (${rank})` : `${where}: expired (${rank})`;
}

export function shortDigest(digest: Digest): string {
  return digest.startsWith('sha256:') ? digest.slice(7, 19) : digest.slice(0, 12);
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
