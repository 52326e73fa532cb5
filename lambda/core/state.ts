/**
 * What a run remembers for the next, per region (DESIGN.md "State across runs"), the pure half: when this tool first
 * saw each tag on its digest (ECR keeps only the push time, and a promotion by re-tag does not change it), since when
 * each digest has been a deletion candidate (settings.deletionDelay), and the deletion journal. The next state is
 * derived from the inventory and the plan alone, so it only ever holds what still exists: a tag that moved or went,
 * a digest that is gone or was kept, drop out on their own (bounded growth).
 */
import type { Digest, ImageRecord, Inventory, JournalEntry } from './model';
import type { Candidacy, LifecyclePolicyCheck, RegionState, TagSighting } from './collected';

export type { Candidacy, RegionState, TagSighting } from './collected';
import type { Plan } from './plan';

export const STATE_VERSION = 1;

/**
 * When each tag was put on its digest, as far as this tool can tell. A tag still on the digest it was seen on keeps
 * its time. A tag seen for the first time at the first run ranks by the image's push time (there is nothing better).
 * Later, a new or moved tag is dated by the run that sees it, or by the push when the image itself is newer than the
 * previous run (the tag most likely came with the push).
 */
export class TagClock {
  private readonly seen = new Map<string, TagSighting>();

  constructor(private readonly previous: RegionState | undefined, private readonly now: number) {
    for (const sighting of previous?.tags ?? []) this.seen.set(key(sighting.repository, sighting.tag), sighting);
  }

  firstSeen(image: ImageRecord, tag: string): number {
    const sighting = this.seen.get(key(image.repository, tag));
    if (sighting?.digest === image.digest) return sighting.firstSeen;
    if (!this.previous || image.pushedAt > this.previous.writtenAt) return Math.min(image.pushedAt, this.now);
    return this.now;
  }
}

/** What earlier runs remember, as the planner reads it. */
export interface PlanMemory {
  readonly tags: TagClock;
  /** candidateKey(repository, digest) → since when it has been a deletion candidate. */
  readonly candidates: ReadonlyMap<string, number>;
  readonly deletionDelayMs: number;
}

/** Since when each digest has been a candidate, from the previous state; absent: not a candidate last time. */
export function candidacies(previous: RegionState | undefined): Map<string, number> {
  return new Map((previous?.candidates ?? []).map((candidate) => [key(candidate.repository, candidate.digest), candidate.since]));
}

export function candidateKey(repository: string, digest: Digest): string {
  return key(repository, digest);
}

export interface NextStateInput {
  readonly previous: RegionState | undefined;
  readonly inventory: Inventory;
  readonly plan: Plan;
  readonly journal: readonly JournalEntry[];
  readonly now: number;
  /** The lifecycle-policy answers to keep (core/coexistence.ts knownChecks); absent: none. */
  readonly lifecyclePolicies?: readonly LifecyclePolicyCheck[];
  /** What the planner read of `previous` (tag clock, candidacies), reused rather than built from it again. */
  readonly memory?: Pick<PlanMemory, 'tags' | 'candidates'>;
}

/**
 * The state to write: every tag of every image with its first-seen time, and every deletion candidate with the time
 * it became one (a digest the plan deletes, or keeps only for the deletion delay). A digest any other reason keeps is
 * no candidate: its clock starts again the next time it is one.
 */
export function nextState(input: NextStateInput): RegionState {
  const clock = input.memory?.tags ?? new TagClock(input.previous, input.now);
  const tags: TagSighting[] = [];
  for (const image of input.inventory.images) {
    for (const tag of image.tags) tags.push({ repository: image.repository, tag, digest: image.digest, firstSeen: clock.firstSeen(image, tag) });
  }
  const since = input.memory?.candidates ?? candidacies(input.previous);
  const candidates: Candidacy[] = [];
  for (const decision of input.plan.decisions) {
    const waiting = decision.action === 'keep' && decision.reasons.every((reason) => reason.verdict !== 'keep' || reason.code === 'delayed');
    if (decision.action !== 'delete' && !waiting) continue;
    const { repository, image: { digest } } = decision;
    candidates.push({ repository, digest, since: since.get(key(repository, digest)) ?? input.now });
  }
  const lifecycle = input.lifecyclePolicies;
  return { version: STATE_VERSION, region: input.inventory.region, writtenAt: input.now, tags, candidates, journal: input.journal, ...(lifecycle?.length ? { lifecyclePolicies: lifecycle } : {}) };
}

function key(repository: string, name: string): string {
  return `${repository}\u0000${name}`;
}
