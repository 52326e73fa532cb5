/**
 * What the state-store and task-definition-cache tests share: the emulated bucket, a client that can carry gzip
 * through it (s3-binary-bodies.ts), and the stored objects decoded or planted by hand.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { gunzipSync, gzipSync } from 'node:zlib';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import type { AwsEmulator } from '../../emulator/aws/server';
import { TEXT_PREFIX, withBinaryBodies } from './s3-binary-bodies';

export const BUCKET = 'ecr-retention-state';
export const PREFIX = 'state/';
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };

export const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

export function stateClient(emulator: AwsEmulator, region: string, maxAttempts?: number): S3Client {
  const config = commonClientConfig({ region, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) });
  return withBinaryBodies(s3JournalClient(config, true));
}

export function objectsOf(emulator: AwsEmulator): Record<string, { body: string; contentType?: string }> {
  return emulator.account.s3?.buckets[BUCKET] ?? {};
}

/** The gzip bytes the adapter wrote under `key`. */
export function storedBytes(emulator: AwsEmulator, key: string): Buffer {
  const body = objectsOf(emulator)[key]?.body;
  if (body === undefined) throw new Error(`no object ${key}`);
  if (!body.startsWith(TEXT_PREFIX)) throw new Error(`${key} is not a binary body: ${body.slice(0, 40)}`);
  return Buffer.from(body.slice(TEXT_PREFIX.length), 'base64');
}

export function storedJson(emulator: AwsEmulator, key: string): unknown {
  return JSON.parse(gunzipSync(storedBytes(emulator, key)).toString('utf8'));
}

/** Plants an object as if the adapter had written it: gzipped, unless `plain`. */
export function plant(emulator: AwsEmulator, key: string, content: unknown, options: { plain?: boolean } = {}): void {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  const body = options.plain ? text : TEXT_PREFIX + gzipSync(text).toString('base64');
  objectsOf(emulator)[key] = { body, contentType: 'application/json' };
}

/** Waits until `done` holds, for at most `ms`. */
export async function until(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
