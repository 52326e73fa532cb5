/**
 * The S3 SDK, loaded on first use rather than at init (it adds ~70 ms to every cold start; the journal and the lease
 * are touched once per run), and the client each S3 adapter builds from its source once. One loader for both adapters.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CommonClientConfig } from '../common/clients';
import type * as S3Module from './journal-client';

/** A client, or what to build one from when first needed (the Lambda's wiring). */
export type S3ClientSource = S3Client | { readonly config: CommonClientConfig; readonly endpointGiven: boolean };

let s3Module: Promise<typeof S3Module> | undefined;

/** The S3 commands and client factory; esbuild keeps them in the one bundle file, evaluated on demand. */
export function loadS3(): Promise<typeof S3Module> {
  s3Module ??= import('./journal-client');
  return s3Module;
}

/** A getter that builds the client on its first call and hands out the same one after. */
export function lazyS3Client(source: S3ClientSource): () => Promise<S3Client> {
  let client: Promise<S3Client> | undefined;
  return () => (client ??= 'send' in source ? Promise.resolve(source) : loadS3().then((s3) => s3.s3JournalClient(source.config, source.endpointGiven)));
}
