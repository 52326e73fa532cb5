/**
 * The deletion journal: what a deleting run writes before its first deletion so that the next run can finish its
 * work. ECR forgets an index the moment it is deleted, and its members then look like standalone images; a run stopped
 * between the two waves would leave them to the `untagged` rule (kept forever under `untagged: keep`), where the
 * uninterrupted run deleted them. With the journal, they follow their index out, as they would have.
 */
import type { FormerParents } from './closure';
import type { Digest, ImageRecord, Inventory, JournalEntry } from './model';

/** The index members of each repository whose index the journal says was (being) deleted. */
export function formerParentsByRepository(entries: readonly JournalEntry[]): Map<string, FormerParents> {
  const result = new Map<string, Map<Digest, Digest[]>>();
  for (const entry of entries) {
    let repository = result.get(entry.repository);
    if (!repository) result.set(entry.repository, (repository = new Map()));
    const parents = repository.get(entry.digest);
    if (parents) parents.push(entry.parent);
    else repository.set(entry.digest, [entry.parent]);
  }
  return result;
}

/**
 * The journal to write before deleting `deletions`: every member of every index about to be deleted (those this run
 * deletes too, since it may stop before their wave, and those it keeps, which will stand alone afterwards), plus the
 * entries of the previous journal that still matter — member still there, index gone. Sorted, without duplicates.
 */
export function nextJournal(previous: readonly JournalEntry[], inventory: Inventory, deletions: readonly { repository: string; digest: Digest }[]): JournalEntry[] {
  const present = new Map<string, ImageRecord>();
  for (const image of inventory.images) present.set(keyOf(image.repository, image.digest), image);
  const entries = new Map<string, JournalEntry>();
  const add = (entry: JournalEntry) => entries.set(`${keyOf(entry.repository, entry.digest)} ${entry.parent}`, entry);
  for (const entry of previous) {
    if (present.has(keyOf(entry.repository, entry.digest)) && !present.has(keyOf(entry.repository, entry.parent))) add(entry);
  }
  for (const deletion of deletions) {
    for (const child of present.get(keyOf(deletion.repository, deletion.digest))?.childDigests ?? []) {
      if (present.has(keyOf(deletion.repository, child))) add({ repository: deletion.repository, digest: child, parent: deletion.digest });
    }
  }
  return [...entries.values()].sort(compareEntries);
}

function keyOf(repository: string, digest: Digest): string {
  return `${repository}@${digest}`;
}

function compareEntries(a: JournalEntry, b: JournalEntry): number {
  return compare(a.repository, b.repository) || compare(a.digest, b.digest) || compare(a.parent, b.parent);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
