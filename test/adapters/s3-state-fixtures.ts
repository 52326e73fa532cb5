/**
 * What the state-store and task-definition-cache tests share: the emulated bucket, the adapters' own S3 client, and
 * the stored objects (their exact bytes: the emulator keeps binary bodies byte for byte) decoded or planted by hand.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { gunzipSync, gzipSync } from 'node:zlib';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import type { AwsEmulator } from '../../emulator/aws/server';
import type { EmuS3Object } from '../../emulator/aws/account';
import { bytesOf, storeBytes } from '../../emulator/aws/services/s3-common';

export const BUCKET = 'ecr-retention-state';
export const PREFIX = 'state/';
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };

export const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

export function stateClient(emulator: AwsEmulator, region: string, maxAttempts?: number): S3Client {
  const config = commonClientConfig({ region, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) });
  return s3JournalClient(config, true);
}

export function objectsOf(emulator: AwsEmulator): Record<string, { body: string; contentType?: string }> {
  return emulator.account.s3?.buckets[BUCKET] ?? {};
}

/** The gzip bytes the adapter wrote under `key`. */
export function storedBytes(emulator: AwsEmulator, key: string): Buffer {
  const object = objectsOf(emulator)[key] as EmuS3Object | undefined;
  if (object === undefined) throw new Error(`no object ${key}`);
  return bytesOf(object);
}

export function storedJson(emulator: AwsEmulator, key: string): unknown {
  return JSON.parse(gunzipSync(storedBytes(emulator, key)).toString('utf8'));
}

/** Plants an object as if the adapter had written it: gzipped, unless `plain`. */
export function plant(emulator: AwsEmulator, key: string, content: unknown, options: { plain?: boolean } = {}): void {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  const bytes = options.plain ? Buffer.from(text, 'utf8') : gzipSync(text);
  const object: EmuS3Object = { body: bytes.toString('utf8'), contentType: 'application/json' };
  storeBytes(object, bytes, options.plain ? undefined : 'gzip');
  objectsOf(emulator)[key] = object;
}

/** Waits until `done` holds, for at most `ms`. */
export async function until(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Plants raw bytes (a truncated gzip stream, say) as an object. */
export function plantBytes(emulator: AwsEmulator, key: string, bytes: Buffer): void {
  const object: EmuS3Object = { body: bytes.toString('utf8'), contentType: 'application/json' };
  storeBytes(object, bytes, 'gzip');
  objectsOf(emulator)[key] = object;
}
