/**
 * Lineages: tags matching a regex form a lineage; `groupBy` splits it per captured value; each group is ranked in the
 * lineage's order (newest first) and its `keep` conditions are OR'ed. Ranking counts every digest of the group, live
 * or not, as ECR's imageCountMoreThan does; a live digest outside the newest N is kept anyway, for being live.
 */
import type { Digest, ImageRecord } from './model';
import type { KeepConditions, Lineage } from './policy';
import type { KeepCondition, LineageReason } from './reasons';
import type { TagClock } from './state';
import { compareVersionKeys, NO_VERSION, versionFields, versionKey, type VersionKey } from './version';

const NO_CAPTURES: Readonly<Record<string, string>> = Object.freeze({});

interface Member {
  readonly image: ImageRecord;
  /** For `orderBy: version`: the best (highest) version among the digest's matching tags. */
  version?: VersionKey;
  /** For `orderBy: taggedAt`: when its newest matching tag was first seen on it. */
  taggedAt?: number;
}

/** Evaluates every lineage over one repository's images: digest → the lineage reasons that apply to it. */
export function evaluateLineages(images: readonly ImageRecord[], lineages: readonly Lineage[], now: number, tags?: TagClock): Map<Digest, LineageReason[]> {
  const reasons = new Map<Digest, LineageReason[]>();
  for (const lineage of lineages) {
    for (const [group, members] of groupMembers(images, lineage, tags)) {
      const ranked = [...members.values()].sort(comparator(lineage));
      ranked.forEach((member, index) => {
        const reason = judge(lineage, group, index + 1, ranked.length, member.image, now);
        const list = reasons.get(member.image.digest);
        if (list) list.push(reason);
        else reasons.set(member.image.digest, [reason]);
      });
    }
  }
  return reasons;
}

/** group value ('' without groupBy) → digest → member. A digest may sit in several groups via different tags. */
function groupMembers(images: readonly ImageRecord[], lineage: Lineage, tags: TagClock | undefined): Map<string, Map<Digest, Member>> {
  const groups = new Map<string, Map<Digest, Member>>();
  const needsCaptures = lineage.groupBy !== undefined || lineage.orderBy === 'version';
  const fields = lineage.orderBy === 'version' ? versionFields(lineage.tags.groupNames, lineage.groupBy) : undefined;
  for (const image of images) {
    for (const tag of image.tags) {
      const captures = needsCaptures ? lineage.tags.capture(tag) : lineage.tags.matches(tag) ? NO_CAPTURES : undefined;
      if (!captures) continue;
      const group = lineage.groupBy !== undefined ? captures[lineage.groupBy] ?? '' : '';
      let members = groups.get(group);
      if (!members) groups.set(group, (members = new Map()));
      let member = members.get(image.digest);
      if (!member) members.set(image.digest, (member = { image }));
      if (fields) {
        const version = versionKey(captures, fields);
        if (!member.version || compareVersionKeys(version, member.version) > 0) member.version = version;
      }
      if (lineage.orderBy === 'taggedAt') member.taggedAt = Math.max(member.taggedAt ?? -Infinity, tags?.firstSeen(image, tag) ?? image.pushedAt);
    }
  }
  return groups;
}

/** Newest first in the lineage's order; ties fall back to push time, then digest, so ranks never depend on input order. */
function comparator(lineage: Lineage): (a: Member, b: Member) => number {
  const tieBreak = (a: Member, b: Member) =>
    b.image.pushedAt - a.image.pushedAt || (a.image.digest < b.image.digest ? -1 : a.image.digest > b.image.digest ? 1 : 0);
  switch (lineage.orderBy) {
    case 'version':
      return (a, b) => compareVersionKeys(b.version ?? NO_VERSION, a.version ?? NO_VERSION) || tieBreak(a, b);
    case 'pulledAt':
      return (a, b) => (b.image.lastPulledAt ?? -Infinity) - (a.image.lastPulledAt ?? -Infinity) || tieBreak(a, b);
    case 'taggedAt':
      return (a, b) => (b.taggedAt ?? b.image.pushedAt) - (a.taggedAt ?? a.image.pushedAt) || tieBreak(a, b);
    case 'pushedAt':
      return tieBreak;
  }
}

function judge(lineage: Lineage, group: string, rank: number, groupSize: number, image: ImageRecord, now: number): LineageReason {
  const by = keptBy(lineage.keep, rank, image, now);
  const verdict = by.length > 0 ? 'keep' : 'expire';
  // Two literal shapes rather than a spread: a million of these are built per run.
  return lineage.groupBy !== undefined
    ? { code: 'lineage', verdict, lineage: lineage.name, group, rank, groupSize, by }
    : { code: 'lineage', verdict, lineage: lineage.name, rank, groupSize, by };
}

/** Every combination of satisfied conditions, shared: reasons never own a fresh array. Index: a bit per condition. */
const COMBINATIONS: readonly (readonly KeepCondition[])[] = Array.from({ length: 8 }, (_, mask) =>
  Object.freeze((['newest', 'pushedWithin', 'pulledWithin'] as const).filter((_c, bit) => (mask & (1 << bit)) !== 0)));

/** The keep conditions an image satisfies at `rank`; shared by lineages and the untagged rule. */
export function keptBy(keep: KeepConditions, rank: number, image: ImageRecord, now: number): readonly KeepCondition[] {
  let mask = 0;
  if (keep.newest !== undefined && rank <= keep.newest) mask |= 1;
  if (keep.pushedWithinMs !== undefined && now - image.pushedAt <= keep.pushedWithinMs) mask |= 2;
  if (keep.pulledWithinMs !== undefined && image.lastPulledAt !== undefined && now - image.lastPulledAt <= keep.pulledWithinMs) mask |= 4;
  return COMBINATIONS[mask] as readonly KeepCondition[];
}
