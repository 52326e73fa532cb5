/**
 * The deletion journal: what a deleting run writes before its first deletion so that the next run can finish its
 * work. ECR forgets an index the moment it is deleted, and its members then look like standalone images; a run stopped
 * between the two waves would leave them to the `untagged` rule (kept forever under `untagged: keep`), where the
 * uninterrupted run deleted them. With the journal, they follow their index out, as they would have.
 */
import { push } from './arrays';
import { cosignSubjectOf, type FormerParents } from './closure';
import type { Digest, ImageRecord, Inventory, JournalEntry } from './model';

/** The attachments of each repository whose parent the journal says was (being) deleted. */
export function formerParentsByRepository(entries: readonly JournalEntry[]): Map<string, FormerParents> {
  const result = new Map<string, Map<Digest, Digest[]>>();
  for (const entry of entries) {
    let repository = result.get(entry.repository);
    if (!repository) result.set(entry.repository, (repository = new Map()));
    push(repository, entry.digest, entry.parent);
  }
  return result;
}

/**
 * The journal to write before deleting `deletions`: every attachment of every digest about to be deleted — index
 * members and referrers, cosign signatures in any repository included — both those this run deletes too (it may stop
 * before their wave) and those it keeps; plus the entries of the previous journal that still matter: attachment
 * still there, parent gone from the registry. Sorted, without duplicates.
 */
export function nextJournal(previous: readonly JournalEntry[], inventory: Inventory, deletions: readonly { repository: string; digest: Digest }[]): JournalEntry[] {
  const present = new Map<string, ImageRecord>();
  const inRegistry = new Set<Digest>();
  const referrers = new Map<string, ImageRecord[]>();
  for (const image of inventory.images) {
    present.set(keyOf(image.repository, image.digest), image);
    inRegistry.add(image.digest);
    if (image.subjectDigest) push(referrers, keyOf(image.repository, image.subjectDigest), image);
    for (const tag of image.tags) {
      const subject = cosignSubjectOf(tag);
      if (subject) push(referrers, subject, image);
    }
  }
  const entries = new Map<string, JournalEntry>();
  const add = (entry: JournalEntry) => entries.set(`${keyOf(entry.repository, entry.digest)} ${entry.parent}`, entry);
  for (const entry of previous) {
    if (present.has(keyOf(entry.repository, entry.digest)) && !inRegistry.has(entry.parent)) add(entry);
  }
  for (const { repository, digest } of deletions) {
    for (const child of present.get(keyOf(repository, digest))?.childDigests ?? []) {
      if (present.has(keyOf(repository, child))) add({ repository, digest: child, parent: digest });
    }
    for (const referrer of [...(referrers.get(keyOf(repository, digest)) ?? []), ...(referrers.get(digest) ?? [])]) {
      add({ repository: referrer.repository, digest: referrer.digest, parent: digest });
    }
  }
  return [...entries.values()].sort(compareEntries);
}

function keyOf(repository: string, digest: Digest): string {
  return `${repository}@${digest}`;
}

/** Code-unit order on (repository, digest, parent): the same document for the same entries, on every runtime. */
export function compareEntries(a: JournalEntry, b: JournalEntry): number {
  return compare(a.repository, b.repository) || compare(a.digest, b.digest) || compare(a.parent, b.parent);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
