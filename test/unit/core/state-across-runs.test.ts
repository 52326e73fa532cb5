/**
 * State across runs, decided run after run: `orderBy: taggedAt` ranks a promotion by re-tag by when the tag was put
 * on the digest; `deletionDelay` deletes a candidate only after it has been one on every run for that long, and any
 * keep reason starts its clock again; the state only ever holds what still exists.
 */
import { decide } from '../../../lambda/core/decide';
import { describeReason } from '../../../lambda/core/reasons';
import type { ImageRecord, LiveReference } from '../../../lambda/core/model';
import type { CollectedAccount, RegionState } from '../../../lambda/core/collected';
import type { RetentionConfig } from '../../../lambda/core/policy';
import { collectedAccount, DAY, digestOf, image, inventory, NOW, policy } from '../../support/core-builders';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function config(extra: { deletionDelayMs?: number; orderBy?: 'taggedAt' | 'pushedAt' } = {}): RetentionConfig {
  return {
    settings: { mode: 'delete', gracePeriodMs: DAY, maxDeletionsPerRun: 1000, live: { lambda: false, batch: false }, notify: { email: 'changes' }, ...(extra.deletionDelayMs ? { deletionDelayMs: extra.deletionDelayMs } : {}) },
    policies: [policy({ lineages: [{ name: 'stable', tags: 'stable-.+', orderBy: extra.orderBy ?? 'taggedAt', keep: { newest: 1 } }], untagged: { kind: 'expire' }, unmatched: 'expire' })],
  };
}

function account(images: ImageRecord[], state?: RegionState, references: LiveReference[] = []): CollectedAccount {
  return collectedAccount({ inventory: inventory(images), references, failedSources: [], sources: ['ecs'], ...(state ? { state } : {}) });
}

/** One run: its plan's deletions and the state it leaves. */
function runAt(now: number, images: ImageRecord[], state: RegionState | undefined, settings = config(), references: LiveReference[] = []) {
  const decided = decide(account(images, state, references), settings, 'delete', now);
  return { deleted: decided.plan.deletions.map((d) => d.digest), state: decided.states[0] as RegionState, decided };
}

const old = image({ digest: digestOf('old'), tags: ['stable-2024'], pushedAt: NOW - 300 * DAY });
const newer = image({ digest: digestOf('newer'), tags: ['stable-2025'], pushedAt: NOW - 30 * DAY });

describe('orderBy taggedAt', () => {
  it('ranks by push time on the first run: a tag first seen then has no better date', () => {
    const first = runAt(NOW, [old, newer], undefined);
    expect(first.deleted).toEqual([old.digest]);
    expect(first.state.tags).toEqual([
      { repository: 'app', tag: 'stable-2024', digest: old.digest, firstSeen: old.pushedAt },
      { repository: 'app', tag: 'stable-2025', digest: newer.digest, firstSeen: newer.pushedAt },
    ]);
  });

  it('keeps a re-tagged old digest over a newer push (a rollback promoted by re-tag, seed 002, tags not version-shaped)', () => {
    const first = runAt(NOW - DAY, [old, newer], undefined, config({ deletionDelayMs: 0 }));
    const promoted = { ...old, tags: ['stable-2024', 'stable-rollback'] };
    const second = runAt(NOW, [promoted, newer], first.state);
    expect(second.deleted).toEqual([newer.digest]);
    expect(second.state.tags.find((t) => t.tag === 'stable-rollback')?.firstSeen).toBe(NOW);
    // Ranked by push time, the same registry would lose the rollback target.
    expect(runAt(NOW, [promoted, newer], first.state, config({ orderBy: 'pushedAt' })).deleted).toEqual([promoted.digest]);
  });

  it('dates a tag that moved to another digest by the run that sees it there, and forgets tags that are gone', () => {
    const first = runAt(NOW - 5 * DAY, [old, newer], undefined);
    const moved = [{ ...old, tags: [] }, { ...newer, tags: ['stable-2025', 'stable-2024'] }];
    const second = runAt(NOW, moved, first.state);
    expect(second.state.tags).toEqual([
      { repository: 'app', tag: 'stable-2025', digest: newer.digest, firstSeen: newer.pushedAt },
      { repository: 'app', tag: 'stable-2024', digest: newer.digest, firstSeen: NOW },
    ]);
  });

  it('dates the tags of an image pushed since the previous run by its push', () => {
    const first = runAt(NOW - 2 * DAY, [old], undefined);
    const fresh = image({ digest: digestOf('fresh'), tags: ['stable-new'], pushedAt: NOW - DAY });
    expect(runAt(NOW, [old, fresh], first.state).state.tags.find((t) => t.tag === 'stable-new')?.firstSeen).toBe(NOW - DAY);
  });
});

describe('deletionDelay', () => {
  const DELAY = 3 * DAY;
  const settings = config({ deletionDelayMs: DELAY });
  const stray = image({ digest: digestOf('stray'), pushedAt: NOW - 60 * DAY });

  it('defers a candidate, says when it would be deleted, then deletes it once it has been one for the delay', () => {
    const first = runAt(NOW, [stray], undefined, settings);
    expect(first.deleted).toEqual([]);
    const reason = first.decided.plan.decisions[0]?.reasons.find((r) => r.code === 'delayed');
    expect(reason).toEqual({ code: 'delayed', verdict: 'keep', since: NOW, until: NOW + DELAY });
    expect(describeReason(reason!)).toBe(`deletion delay: a candidate since ${new Date(NOW).toISOString()}, would be deleted on ${new Date(NOW + DELAY).toISOString()}`);
    const second = runAt(NOW + DAY, [stray], first.state, settings);
    expect(second.deleted).toEqual([]);
    expect(second.state.candidates).toEqual([{ repository: 'app', digest: stray.digest, since: NOW }]);
    expect(runAt(NOW + DELAY, [stray], second.state, settings).deleted).toEqual([stray.digest]);
  });

  it('starts the clock again when any run keeps it for another reason', () => {
    const first = runAt(NOW, [stray], undefined, settings);
    const live = [{ source: 'ecs' as const, location: 'ecs cluster/prod task/1', image: `${HOST}/app@${stray.digest}` }];
    const kept = runAt(NOW + DAY, [stray], first.state, settings, live);
    expect(kept.state.candidates).toEqual([]);
    const again = runAt(NOW + 2 * DAY, [stray], kept.state, settings);
    expect(again.state.candidates).toEqual([{ repository: 'app', digest: stray.digest, since: NOW + 2 * DAY }]);
    expect(runAt(NOW + DELAY, [stray], again.state, settings).deleted).toEqual([]);
    expect(runAt(NOW + 2 * DAY + DELAY, [stray], again.state, settings).deleted).toEqual([stray.digest]);
  });

  it('lets an index\'s members follow it out when its delay is over: they wait on their parent, not on a clock of their own', () => {
    const member = image({ digest: digestOf('member'), pushedAt: NOW - 60 * DAY });
    const index = image({ digest: digestOf('index'), pushedAt: NOW - 60 * DAY, childDigests: [member.digest] });
    const first = runAt(NOW, [index, member], undefined, settings);
    expect(first.state.candidates.map((c) => c.digest)).toEqual([index.digest]);
    expect(runAt(NOW + DELAY, [index, member], first.state, settings).deleted).toEqual([index.digest, member.digest]);
  });

  it('forgets the candidacy of a digest that no longer exists', () => {
    const first = runAt(NOW, [stray], undefined, settings);
    expect(runAt(NOW + DAY, [], first.state, settings).state.candidates).toEqual([]);
  });
});
