/**
 * The S3 SDK, loaded on first use rather than at init (it adds ~70 ms to every cold start; the journal and the lease
 * are touched once per run), and the one client built from each source, shared by every adapter given that source
 * (the state store, each region's task-definition cache, the report store, the exchange stores). One loader for all.
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

/** Clients built, by the source they were built from: adapters given one source share one client and its sockets. */
const built = new WeakMap<object, Promise<S3Client>>();

/** A getter that builds the client on its first call (once per source, for every adapter given it) and hands out the same one after. */
export function lazyS3Client(source: S3ClientSource): () => Promise<S3Client> {
  return () => {
    if ('send' in source) return Promise.resolve(source);
    let client = built.get(source);
    if (!client) built.set(source, (client = loadS3().then((s3) => s3.s3JournalClient(source.config, source.endpointGiven))));
    return client;
  };
}
