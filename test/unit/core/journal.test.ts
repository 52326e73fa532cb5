/**
 * The deletion journal: what a deleting run writes before its first deletion (the plan's attachments of its deletions, merged by mergeJournal), and what the planner does
 * with it on the next run (index members whose index is gone follow it out, and never join the untagged ranking).
 */
import { mergeJournal } from '../../../lambda/core/journal';
import type { ImageRecord, JournalEntry, LiveDigest } from '../../../lambda/core/model';
import type { Decision, Plan } from '../../../lambda/core/plan';
import { plan } from '../../../lambda/core/planner';
import type { Policy } from '../../../lambda/core/policy';
import { DAY, NOW, digestOf, image, inventory, live, policy } from '../../support/core-builders';

const childA = image({ digest: digestOf('child-a'), pushedAt: NOW - 20 * DAY });
const childB = image({ digest: digestOf('child-b'), pushedAt: NOW - 20 * DAY });
const index = image({ digest: digestOf('index'), tags: ['git-abcdef12'], pushedAt: NOW - 20 * DAY, childDigests: [childA.digest, childB.digest] });
const older = image({ digest: digestOf('older-untagged'), pushedAt: NOW - 30 * DAY });
const expireMainline = { lineages: [{ name: 'm', tags: 'git-[0-9a-f]{8}', keep: { newest: 0 } }] };
const entriesOf = (...children: ImageRecord[]): JournalEntry[] => children.map((child) => ({ repository: 'app', digest: child.digest, parent: index.digest }));

function planWith(images: ImageRecord[], policies: Policy[], journal: JournalEntry[], liveSet: LiveDigest[] = []): Plan {
  return plan({ inventory: inventory(images), live: liveSet, policies, gracePeriodMs: DAY, now: NOW, journal });
}

function decisionOf(result: Plan, digest: string): Decision {
  return result.decisions.find((d) => d.image.digest === digest) as Decision;
}

describe('the next run reads the journal', () => {
  it('index members left behind by a stopped run follow their index out, even under `untagged: keep`', () => {
    const result = planWith([childA, childB], [policy()], entriesOf(childA, childB));
    expect(result.deletions.map((d) => [d.digest, d.wave])).toEqual([[childA.digest, 0], [childB.digest, 0]].sort());
    expect(decisionOf(result, childA.digest).reasons).toEqual([{ code: 'closure', verdict: 'expire', relation: 'child', parent: index.digest }]);
  });

  it('without the journal the same members are standalone untagged images, which `untagged: keep` keeps', () => {
    const result = planWith([childA, childB], [policy()], []);
    expect(result.deletions).toEqual([]);
  });

  it('a member that is live stays, and does not take a place in the untagged ranking', () => {
    const newestOne = policy({ untagged: { kind: 'keep-if', keep: { newest: 1 } } });
    const result = planWith([childA, older], [newestOne], entriesOf(childA), [live('app', childA.digest)]);
    expect(decisionOf(result, childA.digest).action).toBe('keep');
    expect(decisionOf(result, older.digest)).toMatchObject({ action: 'keep', reasons: [{ code: 'untagged', verdict: 'keep', rank: 1 }] });
  });

  it('an entry whose index is still there changes nothing: the index itself says what it lists', () => {
    const images = [index, childA, childB, older];
    const policies = [policy(expireMainline)];
    expect(planWith(images, policies, entriesOf(childA))).toEqual(planWith(images, policies, []));
  });

  it('a member kept for its own reasons (protected) stays', () => {
    const result = planWith([{ ...childA, tags: ['prd'] }], [policy({ protect: ['prd'] })], entriesOf(childA));
    expect(decisionOf(result, childA.digest).action).toBe('keep');
  });
});

describe('the journal a deleting run writes', () => {
  const all = [index, childA, childB, older];
  /** The journal a deleting run would write: the plan's attachments of its deletions, merged into the previous one. */
  const journalAfter = (previous: JournalEntry[], images: ImageRecord[], policies: Policy[]) =>
    mergeJournal(previous, planWith(images, policies, previous).attachmentsOfDeletions, images);

  it('names every member of every index about to be deleted, the kept ones too', () => {
    const result = planWith(all, [policy(expireMainline)], [], [live('app', childA.digest)]);
    expect(decisionOf(result, childA.digest).action).toBe('keep');
    expect(mergeJournal([], result.attachmentsOfDeletions, all)).toEqual([...entriesOf(childA, childB).map((entry) => ({ region: 'us-east-1', ...entry }))].sort((a, b) => (a.digest < b.digest ? -1 : 1)));
  });

  it('names the referrers of a digest about to be deleted too: OCI ones, and cosign signatures in any repository', () => {
    const subject = image({ digest: digestOf('subject'), tags: ['v1'] });
    const sbom = image({ digest: digestOf('sbom'), subjectDigest: subject.digest });
    const signature = image({ repository: 'signatures', digest: digestOf('sig'), tags: [`sha256-${subject.digest.slice(7)}.sig`] });
    expect(journalAfter([], [subject, sbom, signature], [policy({ unmatched: 'expire' })])).toEqual([
      { region: 'us-east-1', repository: 'app', digest: sbom.digest, parent: subject.digest },
      { region: 'us-east-1', repository: 'signatures', digest: signature.digest, parent: subject.digest },
    ]);
  });

  it('is empty when no deleted digest has an attachment', () => {
    const keepIndex = policy({ lineages: [{ name: 'm', tags: 'git-[0-9a-f]{8}', keep: { newest: 1 } }], untagged: { kind: 'expire' } });
    const result = planWith(all, [keepIndex], []);
    expect(result.deletions.map((d) => d.digest)).toEqual([older.digest]);
    expect(result.attachmentsOfDeletions).toEqual([]);
  });

  it.each([
    ['member there, index gone', [childA], 1],
    ['the member is gone', [older], 0],
    ['the index is back (pushed again)', [index, childA], 0],
  ])('keeps an old entry only while its member is there and its index gone: %s', (_name, images, expected) => {
    expect(mergeJournal(entriesOf(childA), [], images)).toHaveLength(expected);
  });

  it('has no duplicates when an old entry is written again', () => {
    expect(mergeJournal(entriesOf(childA), entriesOf(childA), [index, childA])).toEqual(entriesOf(childA));
    expect(mergeJournal(entriesOf(childA), entriesOf(childA), [childA])).toEqual(entriesOf(childA));
  });
});
