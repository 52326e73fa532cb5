/**
 * Deletes planned digests with BatchDeleteImage. Deleting a digest deletes every tag on it, so right before each
 * call the tags are read again and a digest whose tags changed since planning (a deploy re-tagged it) or that is gone
 * is skipped. Calls follow the planned order, never mix waves (ECR refuses a child while its index exists, even in
 * the same call) and hold at most 100 digests. Failures are recorded, never thrown.
 */
import { BatchDeleteImageCommand, DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { appendAll } from '../../core/arrays';
import type { Deleter, DeletionFailure, DeletionOutcome, DeletionRequest, DeletionSkip } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { chunk, ECR_BATCH_LIMIT, isNamed } from './calls';

export interface EcrDeleterOptions {
  /** Repositories worked on at once; within one repository calls run in order. Default 4. */
  readonly repositoryConcurrency?: number;
}

interface Positioned {
  readonly request: DeletionRequest;
  readonly position: number;
}

type Entry =
  | { readonly position: number; readonly deleted: DeletionRequest }
  | { readonly position: number; readonly skipped: DeletionSkip }
  | { readonly position: number; readonly failed: DeletionFailure };

export class EcrDeleter implements Deleter {
  constructor(
    private readonly clients: { readonly ecr: ECRClient },
    private readonly options: EcrDeleterOptions = {},
  ) {}

  async delete(requests: readonly DeletionRequest[]): Promise<DeletionOutcome> {
    const perRepository = await mapWithConcurrency([...groupByRepository(requests).values()],
      this.options.repositoryConcurrency ?? 4, (items) => this.deleteInRepository(items));
    const entries = perRepository.flat().sort((a, b) => a.position - b.position);
    return {
      deleted: entries.flatMap((e) => ('deleted' in e ? [e.deleted] : [])),
      skipped: entries.flatMap((e) => ('skipped' in e ? [e.skipped] : [])),
      failed: entries.flatMap((e) => ('failed' in e ? [e.failed] : [])),
    };
  }

  /**
   * A call that fails after the SDK's retries fails its digests; the rest of the repository is not attempted. A digest
   * whose parent was not deleted (skipped or failed) is skipped: its parents' outcomes are known, being earlier waves.
   */
  private async deleteInRepository(items: readonly Positioned[]): Promise<Entry[]> {
    const calls = callsOf(items);
    const entries: Entry[] = [];
    const deletedHere = new Set<string>();
    for (const [i, call] of calls.entries()) {
      const { orphaned, ready } = parentsDeleted(call, deletedHere);
      appendAll(entries, orphaned);
      try {
        const outcome = ready.length > 0 ? await this.deleteCall(ready) : [];
        for (const entry of outcome) if ('deleted' in entry) deletedHere.add(entry.deleted.digest);
        appendAll(entries, outcome);
      } catch (cause) {
        const { name, message } = cause instanceof Error ? cause : { name: 'Error', message: String(cause) };
        appendAll(entries, ready.map(({ request, position }) => ({ position, failed: failure(request, name, message) })));
        const reason = `not attempted: an earlier call on repository ${call[0]?.request.repository} failed (${name})`;
        appendAll(entries, calls.slice(i + 1).flat().map(({ request, position }) => ({ position, skipped: skip(request, reason) })));
        break;
      }
    }
    return entries;
  }

  /** Re-reads the chunk's tags, skips what changed, deletes the rest in one BatchDeleteImage call. */
  private async deleteCall(call: readonly Positioned[]): Promise<Entry[]> {
    const repository = call[0]?.request.repository ?? '';
    const current = await this.currentTags(repository, call.map((item) => item.request.digest));
    const { ready, skipped } = stillAsPlanned(call, current);
    if (ready.length === 0) return skipped;
    const response = await this.clients.ecr.send(new BatchDeleteImageCommand({
      repositoryName: repository,
      imageIds: ready.map((item) => ({ imageDigest: item.request.digest })),
    }));
    const deleted = new Set((response.imageIds ?? []).map((id) => id.imageDigest));
    const failures = new Map((response.failures ?? []).map((f) => [f.imageId?.imageDigest, f]));
    return [...skipped, ...ready.map(({ request, position }): Entry => {
      const failed = failures.get(request.digest);
      if (failed) return { position, failed: failure(request, failed.failureCode ?? 'Unknown', failed.failureReason ?? '') };
      if (deleted.has(request.digest)) return { position, deleted: request };
      return { position, failed: failure(request, 'Unconfirmed', 'BatchDeleteImage reported neither deletion nor failure') };
    })];
  }

  /** Digest → its tags now; a digest that is gone (or no longer ACTIVE) is absent. */
  private async currentTags(repository: string, digests: readonly string[]): Promise<Map<string, string[]>> {
    try {
      return await this.describe(repository, digests);
    } catch (error) {
      // One missing digest fails the whole DescribeImages: read the digests one by one to tell which.
      if (!isNamed(error, 'ImageNotFoundException')) throw error;
    }
    const single = await mapWithConcurrency(digests, 4, (digest) => this.describe(repository, [digest]).catch((error: unknown) => {
      if (isNamed(error, 'ImageNotFoundException')) return new Map<string, string[]>();
      throw error;
    }));
    return new Map(single.flatMap((found) => [...found]));
  }

  private async describe(repository: string, digests: readonly string[]): Promise<Map<string, string[]>> {
    const response = await this.clients.ecr.send(new DescribeImagesCommand({
      repositoryName: repository,
      imageIds: [...new Set(digests)].map((imageDigest) => ({ imageDigest })),
    }));
    // Whether a lookup by id hides archived images like a listing does is unverified: check the status here too.
    const active = (response.imageDetails ?? []).filter((detail) => (detail.imageStatus ?? 'ACTIVE') === 'ACTIVE');
    return new Map(active.map((detail) => [detail.imageDigest ?? '', detail.imageTags ?? []]));
  }
}

function groupByRepository(requests: readonly DeletionRequest[]): Map<string, Positioned[]> {
  const groups = new Map<string, Positioned[]>();
  requests.forEach((request, position) => {
    const group = groups.get(request.repository) ?? [];
    group.push({ request, position });
    groups.set(request.repository, group);
  });
  return groups;
}

/** Splits off the requests that follow a parent this run did not delete. */
function parentsDeleted(call: readonly Positioned[], deletedHere: ReadonlySet<string>): { orphaned: Entry[]; ready: Positioned[] } {
  const orphaned: Entry[] = [];
  const ready: Positioned[] = [];
  for (const item of call) {
    const kept = item.request.follows.find((parent) => !deletedHere.has(parent));
    if (kept === undefined) ready.push(item);
    else orphaned.push({ position: item.position, skipped: skip(item.request, `its parent ${kept} was not deleted`) });
  }
  return { orphaned, ready };
}

/** Consecutive requests of one wave, in order, split into calls of at most 100. */
function callsOf(items: readonly Positioned[]): Positioned[][] {
  const runs: Positioned[][] = [];
  for (const item of items) {
    const run = runs[runs.length - 1];
    if (run && run[0]?.request.wave === item.request.wave) run.push(item);
    else runs.push([item]);
  }
  return runs.flatMap((run) => chunk(run, ECR_BATCH_LIMIT));
}

function stillAsPlanned(call: readonly Positioned[], current: ReadonlyMap<string, string[]>): { ready: Positioned[]; skipped: Entry[] } {
  const ready: Positioned[] = [];
  const skipped: Entry[] = [];
  const seen = new Set<string>();
  for (const item of call) {
    const reason = seen.has(item.request.digest) ? 'requested twice in one call' : stalenessOf(item.request, current.get(item.request.digest));
    seen.add(item.request.digest);
    if (reason) skipped.push({ position: item.position, skipped: skip(item.request, reason) });
    else ready.push(item);
  }
  return { ready, skipped };
}

function stalenessOf(request: DeletionRequest, tagsNow: readonly string[] | undefined): string | undefined {
  if (tagsNow === undefined) return 'no longer an active image in the repository';
  const planned = new Set(request.expectedTags);
  const unchanged = tagsNow.length === planned.size && tagsNow.every((tag) => planned.has(tag));
  if (unchanged) return undefined;
  return `tags changed since planning: planned [${request.expectedTags.join(', ')}], now [${tagsNow.join(', ')}]`;
}

function failure(request: DeletionRequest, code: string, message: string): DeletionFailure {
  return { repository: request.repository, digest: request.digest, code, message };
}

function skip(request: DeletionRequest, reason: string): DeletionSkip {
  return { repository: request.repository, digest: request.digest, reason };
}
