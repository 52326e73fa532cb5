/**
 * The run lease: one S3 object that a run must hold to collect, decide and act, so that two invocations of the
 * function never plan against each other's deletions. It replaces reserved concurrency, which fails deploys on
 * accounts whose concurrency quota is below what Lambda requires to stay unreserved.
 *
 * Taken with S3 conditional writes (PutObject `If-None-Match: *` creates it only if absent; `If-Match: <etag>` takes
 * over an expired one only if nobody replaced it meanwhile), released with a conditional DeleteObject (`If-Match:
 * <etag>`, supported for general purpose buckets: User Guide "How to perform conditional deletes"), so a run whose
 * lease expired and was taken over can never remove its successor's. S3 answers a failed condition with 412
 * PreconditionFailed, and a concurrent conditional request with 409 ConditionalRequestConflict (PutObject API
 * reference): both mean "someone else got there", and the lease is read again.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { isNamed } from '../common/calls';
import { LeaseError } from '../common/errors';
import { lazyS3Client, loadS3, type S3ClientSource } from './lazy-s3';

export interface LeaseHolder {
  readonly runId: string;
  /** Epoch milliseconds after which the lease is free to take over. */
  readonly expiresAt: number;
}

/** A lease this run holds: the ETag is what its release is conditional on. */
export interface HeldLease {
  readonly holder: LeaseHolder;
  readonly etag: string;
}

export type LeaseAttempt = { readonly kind: 'taken'; readonly lease: HeldLease } | { readonly kind: 'held'; readonly holder: LeaseHolder };

export { LeaseError } from '../common/errors';

export interface S3RunLeaseOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
  readonly key: string;
  /** How long a taken lease lasts: the function's timeout plus a margin, so it outlives the run that holds it. */
  readonly durationMs: number;
  readonly clock: () => number;
}

/** Create, read, take over: each round ends in an answer unless the lease changed hands under it; a few rounds suffice. */
const MAX_ROUNDS = 3;
/** Answers that say another request won the condition. */
const LOST = ['PreconditionFailed', 'ConditionalRequestConflict'];

const documentSchema = z.object({ version: z.literal(1), runId: z.string().min(1), expiresAt: z.iso.datetime() });

export class S3RunLease {
  readonly location: string;
  private readonly s3: () => Promise<S3Client>;

  constructor(private readonly options: S3RunLeaseOptions) {
    this.location = `s3://${options.bucket}/${options.key}`;
    this.s3 = lazyS3Client(options.client);
  }

  /** Takes the lease, or says who holds it until when; throws LeaseError when S3 gives no such answer. */
  async take(runId: string): Promise<LeaseAttempt> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const attempt = await this.round(runId);
      if (attempt) return attempt;
    }
    throw new LeaseError(`take ${this.location}: it changed hands ${MAX_ROUNDS} times while this run tried to take it`);
  }

  /** Deletes the lease if it is still this run's; throws LeaseError if it is not (another run took it over). */
  async release(lease: HeldLease): Promise<void> {
    const [{ DeleteObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
    try {
      await client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.options.key, IfMatch: lease.etag }));
    } catch (error) {
      const why = isNamed(error, 'PreconditionFailed') || isNamed(error, 'NoSuchKey')
        ? ': it is no longer this run\'s (it expired and was taken over, or was removed)' : '';
      throw new LeaseError(`release ${this.location}${why}`, { cause: error });
    }
  }

  private async round(runId: string): Promise<LeaseAttempt | undefined> {
    const created = await this.write(runId, { IfNoneMatch: '*' });
    if (created) return { kind: 'taken', lease: created };
    const current = await this.read();
    if (!current) return undefined; // released between the two calls: create again
    if (current.holder.expiresAt > this.options.clock()) return { kind: 'held', holder: current.holder };
    const takenOver = await this.write(runId, { IfMatch: current.etag });
    return takenOver ? { kind: 'taken', lease: takenOver } : undefined;
  }

  /** The lease written under a condition, or undefined when the condition failed (another run won). */
  private async write(runId: string, condition: { IfNoneMatch: '*' } | { IfMatch: string }): Promise<HeldLease | undefined> {
    const holder = { runId, expiresAt: this.options.clock() + this.options.durationMs };
    const body = JSON.stringify({ version: 1, runId, expiresAt: new Date(holder.expiresAt).toISOString() });
    const [{ PutObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
    try {
      const response = await client.send(new PutObjectCommand({
        Bucket: this.options.bucket, Key: this.options.key, Body: body, ContentType: 'application/json', ...condition,
      }));
      if (!response.ETag) throw new LeaseError(`take ${this.location}: S3 returned no ETag, so the lease could not be released safely`);
      return { holder, etag: response.ETag };
    } catch (error) {
      if (error instanceof LeaseError) throw error;
      // A takeover whose object vanished meanwhile is answered 404: it lost too, and the next round creates.
      if (LOST.some((name) => isNamed(error, name)) || ('IfMatch' in condition && isNamed(error, 'NoSuchKey'))) return undefined;
      throw new LeaseError(`write ${this.location}`, { cause: error });
    }
  }

  /** The current lease and its ETag, or undefined if there is none. */
  private async read(): Promise<HeldLease | undefined> {
    const [{ GetObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
    let text: string;
    let etag: string | undefined;
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.options.key }));
      text = (await response.Body?.transformToString('utf-8')) ?? '';
      etag = response.ETag;
    } catch (error) {
      if (isNamed(error, 'NoSuchKey')) return undefined;
      throw new LeaseError(`read ${this.location}`, { cause: error });
    }
    // Without the ETag a takeover could not be conditional, and an unconditional write could replace a live lease.
    if (!etag) throw new LeaseError(`read ${this.location}: S3 returned no ETag`);
    return { holder: parseHolder(text, this.location), etag };
  }

}

/** A lease nobody can read never expires for sure: refuse to guess, and say how to clear it. */
function parseHolder(text: string, location: string): LeaseHolder {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LeaseError(`read ${location}: not JSON; if no run is going on, delete the object`, { cause: error });
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) throw new LeaseError(`read ${location}: not a lease document; if no run is going on, delete the object`);
  return { runId: parsed.data.runId, expiresAt: Date.parse(parsed.data.expiresAt) };
}

/**
 * Runs `body` only while holding the lease, and releases it afterwards. A held lease is an answer (another run is
 * going on), not a failure; a lease that cannot be taken or released throws LeaseError.
 */
export async function whileHolding<T>(lease: S3RunLease, runId: string, body: () => Promise<T>): Promise<{ kind: 'ran'; value: T } | { kind: 'held'; holder: LeaseHolder }> {
  const attempt = await lease.take(runId);
  if (attempt.kind === 'held') return attempt;
  let value: T;
  try {
    value = await body();
  } catch (error) {
    // The body's failure is the one to report; the lease then expires by itself if it cannot be released.
    await lease.release(attempt.lease).catch(() => undefined);
    throw error;
  }
  await lease.release(attempt.lease);
  return { kind: 'ran', value };
}
