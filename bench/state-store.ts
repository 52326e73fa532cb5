/**
 * State-store benchmark: a region's state at a million images (bench/state-world.ts), its sizes (plain JSON of the
 * RegionState, the compact document, gzipped), the time to encode and decode it, peak memory, a write and a read
 * through S3StateStore and S3TaskDefinitionCache against the AWS emulator (which keeps binary bodies byte for byte),
 * and the DynamoDB alternative computed from the same state. The last line is
 * one JSON object.
 *   npm run bench:state [-- --images 1000000 --churn 0.02]
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { commonClientConfig } from '../lambda/adapters/common/clients';
import { s3JournalClient } from '../lambda/adapters/s3/journal-client';
import { checkDocument } from '../lambda/adapters/s3/state-check';
import { decodeState, encodeState } from '../lambda/adapters/s3/state-document';
import { S3StateStore } from '../lambda/adapters/s3/state-store';
import { S3TaskDefinitionCache } from '../lambda/adapters/s3/task-definition-cache';
import type { RegionState } from '../lambda/core/state';
import { emptyAccount } from '../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../emulator/aws/server';
import { compare } from './state-dynamodb';
import { buildState, buildTaskDefinitions, MILLION, type WorldSize } from './state-world';
import { bytesOf } from '../emulator/aws/services/s3-common';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const BUCKET = 'bench-state';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const figures: Record<string, number> = {};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function timed<T>(name: string, task: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await task();
  figures[`${name}Ms`] = Math.round(performance.now() - started);
  return result;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
}

/** The three sizes, and the gzip levels weighed (gzip-object.ts takes level 1). */
async function sizes(state: RegionState): Promise<void> {
  figures.plainBytes = Buffer.byteLength(JSON.stringify(state));
  const compact = JSON.stringify(encodeState(state));
  figures.compactBytes = Buffer.byteLength(compact);
  figures.gzipLevel1Bytes = (await timed('gzipLevel1', () => gzipAsync(compact, { level: 1 }))).length;
  figures.gzipLevel6Bytes = (await timed('gzipLevel6', () => gzipAsync(compact, { level: 6 }))).length;
  console.log(`sizes: plain JSON ${mb(figures.plainBytes)}, compact ${mb(figures.compactBytes)}, gzip ${mb(figures.gzipLevel1Bytes)} `
    + `(level 1, ${figures.gzipLevel1Ms} ms; level 6: ${mb(figures.gzipLevel6Bytes)}, ${figures.gzipLevel6Ms} ms)`);
}

/** What write() and read() do in memory, without S3. */
async function codec(state: RegionState): Promise<void> {
  const body = await timed('serialize', async () => {
    const checked = checkDocument(encodeState(state));
    if ('problems' in checked) throw new Error(checked.problems);
    return gzipAsync(JSON.stringify(checked.document), { level: 1 });
  });
  const decoded = await timed('deserialize', async () => {
    const checked = checkDocument(JSON.parse((await gunzipAsync(body)).toString('utf8')));
    if ('problems' in checked) throw new Error(checked.problems);
    return decodeState(checked.document);
  });
  if (decoded.tags.length !== state.tags.length) throw new Error('the decoded state lost tags');
  console.log(`codec: encode+check+stringify+gzip ${figures.serializeMs} ms, gunzip+parse+check+decode ${figures.deserializeMs} ms`);
}

async function throughS3(emulator: AwsEmulator, state: RegionState, size: WorldSize): Promise<void> {
  const client = s3JournalClient(commonClientConfig({
    region: state.region, endpoint: emulator.url, credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' },
  }), true);
  const store = new S3StateStore({ client, bucket: BUCKET, prefix: 'state/' });
  await timed('s3Write', () => store.write(state));
  const read = await timed('s3Read', () => store.read([state.region]));
  if (read.get(state.region)?.tags.length !== state.tags.length) throw new Error('the state read back is not the one written');
  const definitions = buildTaskDefinitions(size);
  const cache = new S3TaskDefinitionCache({ client, bucket: BUCKET, prefix: 'state/', region: state.region });
  await cache.load();
  for (const [arn, definition] of definitions) cache.put(arn, definition);
  await timed('cacheSave', () => cache.save({ complete: true }));
  const next = new S3TaskDefinitionCache({ client, bucket: BUCKET, prefix: 'state/', region: state.region });
  await timed('cacheLoad', () => next.load());
  const stored = emulator.account.s3?.buckets[BUCKET] ?? {};
  // The emulator keeps an object's bytes as sent (bytesOf): what S3 would hold.
  const cacheObject = stored[`state/${state.region}/task-definitions.json.gz`];
  figures.cacheGzipBytes = cacheObject ? bytesOf(cacheObject).length : 0;
  console.log(`S3 (emulator): state write ${figures.s3WriteMs} ms, read ${figures.s3ReadMs} ms; task-definition cache of `
    + `${definitions.size.toLocaleString('en')} definitions, ${(figures.cacheGzipBytes / 1e3).toFixed(0)} KB: save ${figures.cacheSaveMs} ms, load ${figures.cacheLoadMs} ms`);
}

async function main(): Promise<void> {
  const size = { ...MILLION, images: arg('images', MILLION.images) };
  const state = await timed('build', () => buildState(size));
  figures.tags = state.tags.length;
  figures.candidates = state.candidates.length;
  figures.stateHeapMb = heapMb();
  console.log(`state: ${size.images.toLocaleString('en')} images, ${state.tags.length.toLocaleString('en')} tags, `
    + `${state.candidates.length.toLocaleString('en')} candidates, ${state.journal.length} journal entries, ${figures.stateHeapMb} MB of heap (built in ${figures.buildMs} ms)`);
  // The codec first, while the process holds nothing else: its peak is what a run's write and read add to the state.
  await codec(state);
  figures.codecPeakRssMb = peakRssMb();
  await sizes(state);
  const emulator = await startAwsEmulator({ account: { ...emptyAccount('111122223333', state.region), s3: { buckets: { [BUCKET]: {} } } }, quotas: {} });
  try {
    await throughS3(emulator, state, size);
  } finally {
    await emulator.close();
  }
  figures.peakRssMb = peakRssMb();
  console.log(`memory: peak RSS ${figures.codecPeakRssMb} MB through build, write and read in memory; ${figures.peakRssMb} MB in all `
    + '(with the plain JSON and the emulator\'s copy of the object)');
  const comparison = compare(state, { gzipBytes: figures.gzipLevel1Bytes ?? 0, cacheBytes: figures.cacheGzipBytes ?? 0 }, arg('churn', 0.02));
  for (const line of comparison.lines) console.log(line);
  console.log(JSON.stringify({ ...figures, ...comparison.figures }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
