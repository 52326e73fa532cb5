/**
 * The deletion journal: what a deleting run writes before its first deletion so that the next run can finish its
 * work. ECR forgets a parent the moment it is deleted, and its attachments then look like standalone images; a run
 * stopped between two waves would leave them to the `untagged` rule (kept forever under `untagged: keep`), where the
 * uninterrupted run deleted them. With the journal they follow their parent out, as they would have.
 *
 * The planner derives the new entries from the attachment model (Plan.attachmentsOfDeletions); this is the merge.
 */
import { journalParentGone } from './attachments';
import type { ImageRecord, JournalEntry } from './model';
import { compareText } from './order';
import { lookupWanted } from './registry';

/**
 * The journal to write: the entries of the previous journal that still matter (attachment still there, parent gone,
 * by the same rule the attachment model applies) and the new ones. Sorted, without duplicates.
 */
export function mergeJournal(previous: readonly JournalEntry[], additions: readonly JournalEntry[], images: readonly ImageRecord[]): JournalEntry[] {
  const entries = new Map<string, JournalEntry>();
  const add = (entry: JournalEntry) => entries.set(`${entry.repository}@${entry.digest} ${entry.parent}`, entry);
  const lookup = lookupWanted(images, new Set(previous.flatMap((entry) => [entry.digest, entry.parent])));
  for (const entry of previous) {
    const id = lookup.idIn(entry.repository, entry.digest);
    const attachment = id === undefined ? undefined : images[id];
    if (attachment && journalParentGone(entry, attachment, lookup)) add(entry);
  }
  for (const entry of additions) add(entry);
  return [...entries.values()].sort(compareEntries);
}

/** Code-unit order on (region, repository, digest, parent): the same document for the same entries, on every runtime. */
export function compareEntries(a: JournalEntry, b: JournalEntry): number {
  return compareText(a.region ?? '', b.region ?? '') || compareText(a.repository, b.repository) || compareText(a.digest, b.digest) || compareText(a.parent, b.parent);
}
