/**
 * Properties of the planner over random accounts. NUM_RUNS (default 1000) sets the cases per property:
 * `PROPERTY_RUNS=10000 npx jest planner.property`.
 */
import fc from 'fast-check';
import { mergeJournal } from '../../../lambda/core/journal';
import type { Plan } from '../../../lambda/core/plan';
import { plan } from '../../../lambda/core/planner';
import type { ImageRecord, LiveDigest } from '../../../lambda/core/model';
import type { Policy } from '../../../lambda/core/policy';
import { DAY, NOW, digestOf, inventory, live, policy } from '../../support/core-builders';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const GRACE = DAY;
const REPOSITORIES = ['app', 'team/web'];
const PROTECT = ['prd', 'latest'];

interface Account {
  images: ImageRecord[];
  live: LiveDigest[];
  newest: [number, number, number];
  untaggedNewest: number | undefined;
  /** Without `untaggedNewest`: `untagged: keep` when true, `expire` when false. */
  untaggedKeep: boolean;
  unmatched: 'keep' | 'expire';
}

const tagArb = fc.oneof(
  fc.integer({ min: 0, max: 50 }).map((n) => `git-${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}`),
  fc.integer({ min: 0, max: 9 }).map((n) => `tag-1-${n}-0`),
  fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 9 })).map(([b, n]) => `pr-${b}-abcdef${n}`),
  fc.constantFrom('prd', 'latest', 'misc', 'xprd'),
);

const imageSpecArb = fc.record({
  repository: fc.constantFrom(...REPOSITORIES),
  tags: fc.uniqueArray(tagArb, { maxLength: 3 }),
  ageHours: fc.integer({ min: 0, max: 60 * 24 }),
  pulledHoursAgo: fc.option(fc.integer({ min: 0, max: 60 * 24 }), { nil: undefined }),
  archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  children: fc.uniqueArray(fc.nat(29), { maxLength: 3 }),
  subject: fc.option(fc.nat(29), { nil: undefined }),
  cosignOf: fc.option(fc.nat(29), { nil: undefined }),
});

const accountArb: fc.Arbitrary<Account> = fc
  .record({
    specs: fc.array(imageSpecArb, { maxLength: 30, size: 'max' }),
    liveIndexes: fc.uniqueArray(fc.nat(29), { maxLength: 6 }),
    newest: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })),
    untaggedNewest: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    untaggedKeep: fc.boolean(),
    unmatched: fc.constantFrom('keep' as const, 'expire' as const),
  })
  .map(({ specs, liveIndexes, newest, untaggedNewest, untaggedKeep, unmatched }) => {
    const digests = specs.map((_, i) => digestOf(`img${i}`));
    const sameRepo = (i: number, j: number) => j < specs.length && j !== i && specs[j]?.repository === specs[i]?.repository;
    // Referrers may sit in another repository than their subject (cosign's COSIGN_REPOSITORY); index members may not.
    const images = specs.map((spec, i): ImageRecord => ({
      repository: spec.repository,
      digest: digests[i] as string,
      tags: [...spec.tags, ...(spec.cosignOf !== undefined && spec.cosignOf < i ? [`sha256-${digests[spec.cosignOf]?.slice(7)}.sig`] : [])],
      pushedAt: NOW - spec.ageHours * 3600_000,
      ...(spec.pulledHoursAgo !== undefined ? { lastPulledAt: NOW - spec.pulledHoursAgo * 3600_000 } : {}),
      sizeBytes: 100 + i,
      childDigests: spec.children.filter((j) => sameRepo(i, j) && j > i).map((j) => digests[j] as string),
      ...(spec.subject !== undefined && spec.subject < i ? { subjectDigest: digests[spec.subject] as string } : {}),
      status: spec.archived ? 'ARCHIVED' : 'ACTIVE',
    }));
    const liveSet = liveIndexes.filter((i) => i < images.length).map((i) => live(images[i]!.repository, images[i]!.digest));
    return { images, live: liveSet, newest, untaggedNewest, untaggedKeep, unmatched };
  });

function policiesFor(account: Pick<Account, 'newest' | 'untaggedNewest' | 'untaggedKeep' | 'unmatched'>): Policy[] {
  const [mainline, releases, prs] = account.newest;
  return [policy({
    protect: PROTECT,
    lineages: [
      { name: 'mainline', tags: 'git-[0-9a-f]{8}', keep: { newest: mainline } },
      { name: 'releases', tags: 'tag-(?<major>\\d+)-(?<minor>\\d+)-(?<patch>\\d+)', orderBy: 'version', keep: { newest: releases } },
      { name: 'prs', tags: 'pr-(?<branch>[a-z]+)-[0-9a-f]{7}', groupBy: 'branch', keep: { newest: prs, pushedWithinMs: 3 * DAY } },
    ],
    untagged: account.untaggedNewest !== undefined ? { kind: 'keep-if', keep: { newest: account.untaggedNewest } } : { kind: account.untaggedKeep ? 'keep' : 'expire' },
    unmatched: account.unmatched,
  })];
}

function planOf(account: Account, images = account.images, liveSet = account.live): Plan {
  return plan({ inventory: inventory(images), live: liveSet, policies: policiesFor(account), gracePeriodMs: GRACE, now: NOW });
}

const deletedSet = (result: Plan) => new Set(result.deletions.map((d) => `${d.repository}@${d.digest}`));

/**
 * Parents computed independently of the planner's attachment code: an index in the same repository, a subject in any.
 * Generated parents always precede their attachments, so the graph is acyclic as content addressing makes it.
 */
function parentsOf(image: ImageRecord, images: readonly ImageRecord[]): ImageRecord[] {
  return images.filter((other) => other !== image && (
    (other.repository === image.repository && other.childDigests.includes(image.digest)) ||
    image.subjectDigest === other.digest ||
    image.tags.includes(`sha256-${other.digest.slice(7)}.sig`)));
}

/**
 * Every property here also holds for a planner that deletes nothing. So each counts the cases whose plan deletes
 * something, and fails below a floor: about half the generated accounts delete (measured: 487 of 1,000), and the
 * floor sits well below that so that a seed's luck cannot fail it, while a planner that deletes nothing always does.
 */
const DELETING_FLOOR = 0.35;

function deletionTally() {
  let cases = 0;
  let deleting = 0;
  return {
    count(result: Plan): void {
      cases++;
      if (result.deletions.length > 0) deleting++;
    },
    expectFloor(): void {
      expect(cases).toBeGreaterThan(0);
      expect(deleting / cases).toBeGreaterThanOrEqual(DELETING_FLOOR);
    },
  };
}

describe('planner properties', () => {
  it('never deletes a digest that is live, protected, in grace, archived, or attached to a kept digest', () => {
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, (account) => {
      const result = planOf(account);
      tally.count(result);
      const kept = new Set(result.decisions.filter((d) => d.action === 'keep').map((d) => `${d.repository}@${d.image.digest}`));
      const liveKeys = new Set(account.live.map((l) => `${l.repository}@${l.digest}`));
      for (const image of account.images.filter((i) => deletedSet(result).has(`${i.repository}@${i.digest}`))) {
        expect(liveKeys.has(`${image.repository}@${image.digest}`)).toBe(false);
        expect(image.tags.some((tag) => PROTECT.includes(tag))).toBe(false);
        expect(NOW - image.pushedAt).toBeGreaterThanOrEqual(GRACE);
        if (image.lastPulledAt !== undefined) expect(NOW - image.lastPulledAt).toBeGreaterThanOrEqual(GRACE);
        expect(image.status).toBe('ACTIVE');
        for (const parent of parentsOf(image, account.images)) expect(kept.has(`${parent.repository}@${parent.digest}`)).toBe(false);
      }
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });

  it('does not depend on the order of its inputs', () => {
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, fc.nat(), (account, seed) => {
      const shuffle = <T>(items: readonly T[]) => [...items].map((item, i) => ({ item, key: (i * 7919 + seed) % 10007 })).sort((a, b) => a.key - b.key).map((x) => x.item);
      const before = planOf(account);
      tally.count(before);
      const after = planOf(account, shuffle(account.images), shuffle(account.live));
      expect(after.deletions).toEqual(before.deletions);
      expect(after.decisions.map((d) => [d.image.digest, d.action, d.reasons])).toEqual(before.decisions.map((d) => [d.image.digest, d.action, d.reasons]));
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });

  it('adding a live reference never adds a deletion', () => {
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, fc.nat(29), (account, pick) => {
      fc.pre(account.images.length > 0);
      const target = account.images[pick % account.images.length] as ImageRecord;
      const withoutPlan = planOf(account);
      tally.count(withoutPlan);
      const without = deletedSet(withoutPlan);
      const withMore = deletedSet(planOf(account, account.images, [...account.live, live(target.repository, target.digest)]));
      for (const key of withMore) expect(without.has(key)).toBe(true);
      expect(withMore.has(`${target.repository}@${target.digest}`)).toBe(false);
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });

  it('raising any keep number never adds a deletion', () => {
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 }), (account, which, raise) => {
      const raised: Account = {
        ...account,
        newest: account.newest.map((n, i) => (i === which ? n + raise : n)) as [number, number, number],
        // `untagged: keep` keeps them all already: nothing to raise.
        untaggedNewest: which === 3 && !(account.untaggedNewest === undefined && account.untaggedKeep) ? (account.untaggedNewest ?? 0) + raise : account.untaggedNewest,
      };
      const beforePlan = planOf(account);
      tally.count(beforePlan);
      const before = deletedSet(beforePlan);
      for (const key of deletedSet(planOf(raised))) expect(before.has(key)).toBe(true);
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });

  it('orders every deletion after the deletions of its parents', () => {
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, (account) => {
      const result = planOf(account);
      tally.count(result);
      const position = new Map(result.deletions.map((d, i) => [`${d.repository}@${d.digest}`, i]));
      for (const deletion of result.deletions) {
        const image = account.images.find((i) => i.digest === deletion.digest && i.repository === deletion.repository) as ImageRecord;
        for (const parent of parentsOf(image, account.images)) {
          const parentPosition = position.get(`${parent.repository}@${parent.digest}`);
          if (parentPosition !== undefined) expect(parentPosition).toBeLessThan(position.get(`${deletion.repository}@${deletion.digest}`) as number);
        }
      }
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });

  it('a run stopped after any number of its deletions, run again with its journal, ends where the uninterrupted run ends', () => {
    // Half the cases stop right after the first wave: every parent gone, none of its attachments yet.
    const stopArb = fc.oneof(fc.nat(), fc.constant('after the first wave' as const));
    const tally = deletionTally();
    fc.assert(fc.property(accountArb, stopArb, (account, stop) => {
      const first = planOf(account);
      tally.count(first);
      const journal = mergeJournal([], first.attachmentsOfDeletions, account.images);
      // The deleter runs wave by wave across repositories.
      const inOrder = [...first.deletions].sort((a, b) => a.wave - b.wave);
      const stoppedAt = stop === 'after the first wave' ? inOrder.filter((d) => d.wave === 0).length : stop % (inOrder.length + 1);
      const done = new Set(inOrder.slice(0, stoppedAt).map((d) => `${d.repository}@${d.digest}`));
      const left = account.images.filter((i) => !done.has(`${i.repository}@${i.digest}`));
      const second = plan({ inventory: inventory(left), live: account.live, policies: policiesFor(account), gracePeriodMs: GRACE, now: NOW, journal });
      expect([...deletedSet(second)].sort()).toEqual(inOrder.slice(stoppedAt).map((d) => `${d.repository}@${d.digest}`).sort());
    }), { numRuns: NUM_RUNS });
    tally.expectFloor();
  });
});

describe('the generated accounts', () => {
  it('include attachments deleted in a later wave, some following a parent in another repository', () => {
    let waves = 0;
    let crossRepository = 0;
    fc.assert(fc.property(accountArb, (account) => {
      const result = planOf(account);
      if (result.deletions.some((d) => d.wave > 0)) waves++;
      if (result.deletions.some((d) => d.follows.some((parent) => parent.repository !== d.repository))) crossRepository++;
    }), { numRuns: NUM_RUNS });
    // Measured over 1,000 cases: 121 with a later wave, 55 with one across repositories.
    expect(waves / NUM_RUNS).toBeGreaterThanOrEqual(0.06);
    expect(crossRepository / NUM_RUNS).toBeGreaterThanOrEqual(0.02);
  });
});
