/**
 * Deletes planned digests with BatchDeleteImage: I/O only. Waves run one after another (ECR refuses a child while
 * its index exists, even in the same call; an attachment in another repository must wait for its subject), the
 * repositories of a wave concurrently, each in calls of at most 100 digests. Right before each call the digests are
 * read again, and core/deletion-check decides which may still go. Failures are recorded, never thrown.
 */
import { BatchDeleteImageCommand, type DescribeImagesFilter, DescribeImagesCommand, type ECRClient, type ImageDetail } from '@aws-sdk/client-ecr';
import { appendAll, push } from '../../core/arrays';
import { changedSincePlanning, unmetParent, type ObservedImage } from '../../core/deletion-check';
import type { ImageStatus } from '../../core/model';
import { imageKey } from '../../core/order';
import type { DeletionFailure, DeletionOutcome, DeletionSkip } from '../../core/outcome';
import type { Deletion } from '../../core/plan';
import type { Deleter } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { chunk, isNamed } from '../common/calls';
import { ECR_BATCH_LIMIT } from './calls';

export interface EcrDeleterOptions {
  /** Repositories worked on at once; within one repository calls run in order. Default 4. */
  readonly repositoryConcurrency?: number;
}

interface Positioned {
  readonly deletion: Deletion;
  readonly position: number;
}

type Entry =
  | { readonly position: number; readonly deleted: Deletion }
  | { readonly position: number; readonly skipped: DeletionSkip }
  | { readonly position: number; readonly failed: DeletionFailure };

/** What one run has done so far, shared by the repositories of every wave. */
interface Progress {
  readonly entries: Entry[];
  /** `repository@digest` of every digest this run deleted. */
  readonly deleted: Set<string>;
  /** Repository → the error of the call that failed there: nothing more is attempted in it. */
  readonly broken: Map<string, string>;
}

export class EcrDeleter implements Deleter {
  constructor(
    private readonly clients: { readonly ecr: ECRClient },
    private readonly options: EcrDeleterOptions = {},
  ) {}

  async delete(deletions: readonly Deletion[]): Promise<DeletionOutcome> {
    const progress: Progress = { entries: [], deleted: new Set(), broken: new Map() };
    for (const wave of wavesOf(deletions)) {
      const repositories = new Map<string, Positioned[]>();
      for (const item of wave) push(repositories, item.deletion.repository, item);
      await mapWithConcurrency([...repositories.values()], this.options.repositoryConcurrency ?? 4, (items) => this.deleteInRepository(items, progress));
    }
    const entries = progress.entries.sort((a, b) => a.position - b.position);
    return {
      kind: 'performed',
      deleted: entries.flatMap((e) => ('deleted' in e ? [e.deleted] : [])),
      skipped: entries.flatMap((e) => ('skipped' in e ? [e.skipped] : [])),
      failed: entries.flatMap((e) => ('failed' in e ? [e.failed] : [])),
    };
  }

  /** A call that fails after the SDK's retries fails its digests; nothing more is attempted in that repository. */
  private async deleteInRepository(items: readonly Positioned[], progress: Progress): Promise<void> {
    const repository = items[0]?.deletion.repository ?? '';
    for (const call of chunk(items, ECR_BATCH_LIMIT)) {
      const broken = progress.broken.get(repository);
      if (broken !== undefined) {
        appendAll(progress.entries, call.map((item) => skipped(item, `not attempted: an earlier call on repository ${repository} failed (${broken})`)));
        continue;
      }
      const ready: Positioned[] = [];
      for (const item of call) {
        const reason = unmetParent(item.deletion, progress.deleted);
        if (reason === undefined) ready.push(item);
        else progress.entries.push(skipped(item, reason));
      }
      if (ready.length === 0) continue;
      try {
        const outcome = await this.deleteCall(repository, ready);
        for (const entry of outcome) if ('deleted' in entry) progress.deleted.add(imageKey(entry.deleted));
        appendAll(progress.entries, outcome);
      } catch (cause) {
        const { name, message } = cause instanceof Error ? cause : { name: 'Error', message: String(cause) };
        appendAll(progress.entries, ready.map((item) => failed(item, name, message)));
        progress.broken.set(repository, name);
      }
    }
  }

  /** Re-reads the call's digests, skips what core says must not go, deletes the rest in one BatchDeleteImage call. */
  private async deleteCall(repository: string, call: readonly Positioned[]): Promise<Entry[]> {
    // Every storage class: an image archived since planning is then seen as archived (and skipped for that), not as gone.
    const observed = await this.observe(repository, call.map((item) => item.deletion.digest), ANY_STATUS);
    const ready: Positioned[] = [];
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const item of call) {
      const reason = changedSincePlanning(item.deletion, observed.get(item.deletion.digest), seen.has(item.deletion.digest));
      seen.add(item.deletion.digest);
      if (reason === undefined) ready.push(item);
      else entries.push(skipped(item, reason));
    }
    if (ready.length === 0) return entries;
    const response = await this.clients.ecr.send(new BatchDeleteImageCommand({
      repositoryName: repository,
      imageIds: ready.map((item) => ({ imageDigest: item.deletion.digest })),
    }));
    const confirmed = new Set((response.imageIds ?? []).map((id) => id.imageDigest));
    const failures = new Map((response.failures ?? []).map((f) => [f.imageId?.imageDigest, f]));
    const unconfirmed: Positioned[] = [];
    for (const item of ready) {
      const failure = failures.get(item.deletion.digest);
      if (failure) entries.push(failed(item, failure.failureCode ?? 'Unknown', failure.failureReason ?? ''));
      else if (confirmed.has(item.deletion.digest)) entries.push({ position: item.position, deleted: item.deletion });
      else unconfirmed.push(item);
    }
    if (unconfirmed.length > 0) appendAll(entries, await this.verify(repository, unconfirmed));
    return entries;
  }

  /**
   * Digests BatchDeleteImage neither confirmed nor failed: DescribeImages says whether they are still there. Gone is
   * deleted; still there (in any storage class) is failed; a DescribeImages that fails leaves them failed, with its cause.
   */
  private async verify(repository: string, items: readonly Positioned[]): Promise<Entry[]> {
    const unanswered = 'BatchDeleteImage reported neither deletion nor failure';
    try {
      const present = await this.observe(repository, items.map((item) => item.deletion.digest), ANY_STATUS);
      return items.map((item) => (present.has(item.deletion.digest)
        ? failed(item, 'Unconfirmed', `${unanswered}, and DescribeImages still shows it`)
        : { position: item.position, deleted: item.deletion }));
    } catch (cause) {
      const { name, message } = cause instanceof Error ? cause : { name: 'Error', message: String(cause) };
      return items.map((item) => failed(item, 'Unconfirmed', `${unanswered}, and DescribeImages could not tell whether it is gone (${name}: ${message})`));
    }
  }

  /** Digest → what the repository holds for it now; a digest that is gone is absent. */
  private async observe(repository: string, digests: readonly string[], filter?: DescribeImagesFilter): Promise<Map<string, ObservedImage>> {
    try {
      return await this.describe(repository, digests, filter);
    } catch (error) {
      // One missing digest fails the whole DescribeImages: read the digests one by one to tell which.
      if (!isNamed(error, 'ImageNotFoundException')) throw error;
    }
    const single = await mapWithConcurrency(digests, 4, (digest) => this.describe(repository, [digest], filter).catch((error: unknown) => {
      if (isNamed(error, 'ImageNotFoundException')) return new Map<string, ObservedImage>();
      throw error;
    }));
    return new Map(single.flatMap((found) => [...found]));
  }

  private async describe(repository: string, digests: readonly string[], filter?: DescribeImagesFilter): Promise<Map<string, ObservedImage>> {
    const response = await this.clients.ecr.send(new DescribeImagesCommand({
      repositoryName: repository,
      ...(filter ? { filter } : {}),
      imageIds: [...new Set(digests)].map((imageDigest) => ({ imageDigest })),
    }));
    return new Map((response.imageDetails ?? []).map((detail) => [detail.imageDigest ?? '', observedOf(detail)]));
  }
}

/** Whether a digest is still there, whatever its storage class (DescribeImages shows ACTIVE only by default). */
const ANY_STATUS: DescribeImagesFilter = { imageStatus: 'ANY' };

/** An absent imageStatus is an image of the standard storage class: ACTIVE. */
function observedOf(detail: ImageDetail): ObservedImage {
  return { tags: detail.imageTags ?? [], status: (detail.imageStatus ?? 'ACTIVE') as ImageStatus };
}

/** The deletions grouped by wave, lowest first, each group in the order given. */
function wavesOf(deletions: readonly Deletion[]): Positioned[][] {
  const waves = new Map<number, Positioned[]>();
  deletions.forEach((deletion, position) => push(waves, deletion.wave, { deletion, position }));
  return [...waves.entries()].sort(([a], [b]) => a - b).map(([, items]) => items);
}

function skipped({ deletion, position }: Positioned, reason: string): Entry {
  return { position, skipped: { repository: deletion.repository, digest: deletion.digest, sizeBytes: deletion.sizeBytes, reason } };
}

function failed({ deletion, position }: Positioned, code: string, message: string): Entry {
  return { position, failed: { repository: deletion.repository, digest: deletion.digest, sizeBytes: deletion.sizeBytes, code, message } };
}
