/** What the S3 handlers share: headers, the bucket lookup, ETags and modification times. */
import { createHash } from 'node:crypto';
import type { EmuS3Object, EmuS3Store } from '../account';
import { AwsEmulatorError, type OperationContext, type RestXmlInput } from '../service';

export function header(input: RestXmlInput, name: string): string | undefined {
  const value = input.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export interface Bucket {
  readonly name: string;
  readonly objects: Record<string, EmuS3Object>;
  readonly store: EmuS3Store;
}

/** The bucket the path names, from the estate's one store (bucket names are global). */
export function bucketOf(ctx: OperationContext): Bucket {
  const name = ctx.pathParams.Bucket ?? '';
  const store = ctx.account.s3 ?? { buckets: {} };
  // hasOwn: a bucket named `constructor` must not find Object.prototype's.
  if (!Object.hasOwn(store.buckets, name)) throw new AwsEmulatorError('NoSuchBucket', 'The specified bucket does not exist', 404);
  return { name, objects: store.buckets[name] as Record<string, EmuS3Object>, store };
}

export function objectAt(objects: Record<string, EmuS3Object>, key: string): EmuS3Object | undefined {
  return Object.hasOwn(objects, key) ? objects[key] : undefined;
}

export const noSuchKey = () => new AwsEmulatorError('NoSuchKey', 'The specified key does not exist.', 404);

/** The MD5 of the bytes, quoted: the ETag of an object uploaded in one PutObject without SSE-KMS (Object API reference). */
export const etag = (body: string | Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/**
 * The bytes and Content-Encoding an object was written with, kept beside it like its write time: `body` stays the text
 * tests read and compare, while a binary object (a gzip state) is stored and answered byte for byte. An object a test
 * seeded is its body's UTF-8 bytes.
 */
const written = new WeakMap<EmuS3Object, { readonly bytes: Buffer; readonly contentEncoding?: string }>();

export function storeBytes(object: EmuS3Object, bytes: Buffer, contentEncoding: string | undefined): void {
  written.set(object, contentEncoding === undefined ? { bytes } : { bytes, contentEncoding });
}

export function bytesOf(object: EmuS3Object): Buffer {
  return written.get(object)?.bytes ?? Buffer.from(object.body, 'utf8');
}

/**
 * When each stored object was written, beside the model rather than in it: a stored object keeps exactly the fields it
 * was given (tests compare them whole). Each write stores a new object, so its identity stands for its version.
 */
const writtenAt = new WeakMap<EmuS3Object, number>();

/** S3 keeps Last-Modified to the second (an HTTP-date has no finer unit: RFC 9110, section 5.6.7). */
const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

export function recordWrite(object: EmuS3Object, now: number): void {
  writtenAt.set(object, wholeSeconds(now));
}

/**
 * An object's Last-Modified. One a test seeded without a time is dated when first seen, and keeps that date: an
 * undocumented corner of the emulator, chosen so that a seeded object reads as recent rather than as decades old.
 */
export function lastModifiedOf(object: EmuS3Object, now: number): number {
  if (object.lastModified !== undefined) return object.lastModified;
  const known = writtenAt.get(object);
  if (known !== undefined) return known;
  recordWrite(object, now);
  return wholeSeconds(now);
}

/** The headers GetObject and HeadObject describe an object with. */
export function objectHeaders(object: EmuS3Object, now: number): Record<string, string> {
  return {
    // S3's own default for an object stored without a type.
    'content-type': object.contentType ?? 'binary/octet-stream',
    'content-length': String(bytesOf(object).length),
    etag: etag(bytesOf(object)),
    ...(written.get(object)?.contentEncoding !== undefined ? { 'content-encoding': written.get(object)?.contentEncoding as string } : {}),
    'last-modified': new Date(lastModifiedOf(object, now)).toUTCString(),
  };
}

export { escapeXml } from '../wire';
