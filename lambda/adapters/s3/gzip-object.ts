/**
 * A JSON document kept gzipped in one S3 object (the state across runs, the task-definition cache): read whole,
 * replaced whole. A PutObject is atomic (S3 User Guide, "Amazon S3 data consistency model": a reader sees the old
 * object or the new one, never a mix), so a run stopped mid-write leaves the previous document. Only NoSuchKey means
 * "none yet"; anything else that stops a read or a write is a StateError.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { isNamed } from '../common/calls';
import { StateError } from '../common/errors';
import { loadS3 } from './lazy-s3';

const gzipAsync = promisify(gzip);
/**
 * Level 1, not zlib's default 6: a state is mostly digests, random hex that only Huffman coding shrinks, so the
 * default's search for repeats buys little (bench/state-store.ts at a million images: 53.2 MB in 3.5 s at level 6, 56.5 MB in 1.9 s at level 1).
 */
const GZIP_LEVEL = 1;
const gunzipAsync = promisify(gunzip);

export interface GzipObject {
  readonly s3: () => Promise<S3Client>;
  readonly bucket: string;
  readonly key: string;
}

export function locationOf(object: Pick<GzipObject, 'bucket' | 'key'>): string {
  return `s3://${object.bucket}/${object.key}`;
}

/** The document, or undefined when the object does not exist. */
export async function readGzipJson(object: GzipObject): Promise<unknown> {
  const where = locationOf(object);
  const bytes = await getBytes(object, where);
  if (bytes === undefined) return undefined;
  const text = await inflate(bytes, where);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateError(`read ${where}: not JSON`, { cause: error });
  }
}

/** Gzips and replaces the object; answers the size written, in bytes. */
export async function writeGzipJson(object: GzipObject, document: unknown): Promise<number> {
  const where = locationOf(object);
  const body = await gzipAsync(JSON.stringify(document), { level: GZIP_LEVEL });
  try {
    const [{ PutObjectCommand }, client] = await Promise.all([loadS3(), object.s3()]);
    // Content-Encoding says what the bytes are (RFC 9110, section 8.4); the SDK for Node.js does not decode it on GetObject.
    await client.send(new PutObjectCommand({
      Bucket: object.bucket, Key: object.key, Body: body, ContentType: 'application/json', ContentEncoding: 'gzip',
    }));
  } catch (error) {
    throw new StateError(`write ${where}`, { cause: error });
  }
  return body.length;
}

async function getBytes(object: GzipObject, where: string): Promise<Uint8Array | undefined> {
  try {
    const [{ GetObjectCommand }, client] = await Promise.all([loadS3(), object.s3()]);
    const response = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    // A missing bucket (NoSuchBucket) or a denied read is a misconfiguration, never "nothing remembered".
    if (isNamed(error, 'NoSuchKey')) return undefined;
    throw new StateError(`read ${where}`, { cause: error });
  }
}

/**
 * The text of the body. Without gzip's magic number (RFC 1952, section 2.3.1) the body is taken as the JSON itself:
 * an HTTP layer that honoured Content-Encoding on the way, or an object an operator put back by hand.
 */
async function inflate(bytes: Uint8Array, where: string): Promise<string> {
  let inflated: Buffer;
  try {
    inflated = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzipAsync(bytes) : Buffer.from(bytes);
  } catch (error) {
    throw new StateError(`read ${where}: not a gzip stream`, { cause: error });
  }
  try {
    return inflated.toString('utf8');
  } catch (error) {
    // ERR_STRING_TOO_LONG: V8 caps a string at 2^29 - 24 characters (~512 MiB).
    throw new StateError(`read ${where}: ${inflated.length} bytes once inflated, more than one string can hold`, { cause: error });
  }
}
