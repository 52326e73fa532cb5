/**
 * What the act step did with the deletions: the recorder says what it *would* delete; the deleter says what it
 * deleted, skipped and failed, each with its bytes. The report, the email and the CLI read this, never the plan, to
 * say what happened.
 */
import type { Digest } from './model';
import { compareText } from './order';
import type { Deletion } from './plan';

export interface DeletionSkip {
  readonly region?: string;
  readonly repository: string;
  readonly digest: Digest;
  readonly sizeBytes: number;
  /** Why it was not attempted, e.g. its tags changed since planning. */
  readonly reason: string;
}

export interface DeletionFailure {
  readonly region?: string;
  readonly repository: string;
  readonly digest: Digest;
  readonly sizeBytes: number;
  /** ECR failureCode (ImageReferencedByManifestList, ...) or the exception name. */
  readonly code: string;
  readonly message: string;
}

export type DeletionOutcome =
  | { readonly kind: 'recorded'; readonly wouldDelete: readonly Deletion[] }
  | { readonly kind: 'performed'; readonly deleted: readonly Deletion[]; readonly skipped: readonly DeletionSkip[]; readonly failed: readonly DeletionFailure[] };

/** Deletions per repository, with their bytes, largest first. */
export interface RepositoryDeletions {
  readonly region?: string;
  readonly repository: string;
  readonly count: number;
  readonly bytes: number;
}

/** What left the registry (or would have, in plan mode). */
export function removedBy(outcome: DeletionOutcome): readonly Deletion[] {
  return outcome.kind === 'recorded' ? outcome.wouldDelete : outcome.deleted;
}

export function failuresOf(outcome: DeletionOutcome | undefined): readonly DeletionFailure[] {
  return outcome?.kind === 'performed' ? outcome.failed : [];
}

export function skipsOf(outcome: DeletionOutcome | undefined): readonly DeletionSkip[] {
  return outcome?.kind === 'performed' ? outcome.skipped : [];
}

export function totalBytes(items: readonly { readonly sizeBytes: number }[]): number {
  let bytes = 0;
  for (const item of items) bytes += item.sizeBytes;
  return bytes;
}

/** Keyed by region and repository: one name in two regions is two repositories. */
export function perRepository(items: readonly { readonly region?: string; readonly repository: string; readonly sizeBytes: number }[]): RepositoryDeletions[] {
  const totals = new Map<string, RepositoryDeletions & { count: number; bytes: number }>();
  for (const { region, repository, sizeBytes } of items) {
    const key = `${region ?? ''} ${repository}`;
    const total = totals.get(key) ?? { ...(region !== undefined ? { region } : {}), repository, count: 0, bytes: 0 };
    total.count += 1;
    total.bytes += sizeBytes;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.bytes - a.bytes || compareText(a.repository, b.repository) || compareText(a.region ?? '', b.region ?? ''));
}
