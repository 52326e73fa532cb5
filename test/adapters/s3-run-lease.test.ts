/**
 * The run lease over the real S3 client against the emulator, around the real pipeline on the demo account: overlapping
 * runs, expiry and takeover, release, and a lease store that cannot answer.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DEMO_JOURNAL, DEMO_PRINCIPAL, DEMO_REGION, startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import { LeaseError, S3RunLease, whileHolding } from '../../lambda/adapters/s3/run-lease';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { run } from '../../lambda/run';
import { buildDependencies } from '../../lambda/wiring';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const LEASE_KEY = 'lease/run.json';
const MINUTE = 60_000;
let world: DemoEnvironment;

const clientSettings = () => {
  const { accessKeyId, secretAccessKey } = DEMO_PRINCIPAL;
  return { region: DEMO_REGION, endpoint: world.aws.url, credentials: { accessKeyId, secretAccessKey }, fixedBackoffMs: 2, maxAttempts: 2 };
};
const s3 = () => s3JournalClient(commonClientConfig(clientSettings()), true);
const lease = (clock: () => number = () => NOW, durationMs = 20 * MINUTE) =>
  new S3RunLease({ client: s3(), bucket: DEMO_JOURNAL.bucket, key: LEASE_KEY, durationMs, clock });
const objects = () => world.aws.account.s3!.buckets[DEMO_JOURNAL.bucket]!;
const imageCount = () => world.aws.account.ecr.repositories.reduce((n, r) => n + r.images.length, 0);
const ecrCalls = () => [...world.aws.calls.entries()].filter(([operation]) => operation.startsWith('ecr.'));

/** The demo pipeline in delete mode: it deletes images when it runs. */
async function deletingRun(runId: string) {
  const settings = world.aws.account.ssm.parameters.find((parameter) => parameter.name.endsWith('settings'))!;
  settings.value = settings.value.replace('mode: plan', 'mode: delete');
  const dependencies = await buildDependencies({
    clients: clientSettings(), configPath: world.env.CONFIG_PATH, topicArn: world.env.TOPIC_ARN, state: { bucket: DEMO_JOURNAL.bucket, prefix: 'state/', legacyJournalKey: DEMO_JOURNAL.key },
    telemetry: new StderrTelemetry(false), runId,
  });
  return run(dependencies);
}

beforeEach(async () => {
  world = await startDemoEnvironment({ now: NOW });
});
afterEach(() => world.close());

describe('the run lease', () => {
  it('keeps a second, overlapping run from collecting or deleting anything', async () => {
    let letFirstFinish!: () => void;
    const firstHolds = new Promise<void>((resolve) => (letFirstFinish = resolve));
    const first = whileHolding(lease(), 'first', () => firstHolds.then(() => 'first ran'));
    while (!objects()[LEASE_KEY]) await new Promise((resolve) => setImmediate(resolve));
    world.aws.resetCounters();
    const before = imageCount();

    const second = await whileHolding(lease(), 'second', () => deletingRun('second'));

    expect(second).toEqual({ kind: 'held', holder: { runId: 'first', expiresAt: NOW + 20 * MINUTE } });
    expect(ecrCalls()).toEqual([]);
    expect(imageCount()).toBe(before);
    letFirstFinish();
    expect(await first).toEqual({ kind: 'ran', value: 'first ran' });
    expect(objects()[LEASE_KEY]).toBeUndefined();
  });

  it('lets the next run go once the previous one released it, and that run deletes', async () => {
    expect(await whileHolding(lease(), 'first', async () => 'done')).toEqual({ kind: 'ran', value: 'done' });
    const before = imageCount();
    const second = await whileHolding(lease(), 'second', () => deletingRun('second'));
    expect(second.kind === 'ran' && second.value.outcome).toBe('deleted');
    expect(imageCount()).toBeLessThan(before);
    expect(objects()[LEASE_KEY]).toBeUndefined();
  });

  it('takes over a lease that expired, and the stale holder cannot release its successor\'s', async () => {
    const stale = await lease(() => NOW, 20 * MINUTE).take('crashed');
    if (stale.kind !== 'taken') throw new Error('the first lease was not taken');
    const later = await lease(() => NOW + 21 * MINUTE).take('next');
    expect(later).toMatchObject({ kind: 'taken', lease: { holder: { runId: 'next', expiresAt: NOW + 41 * MINUTE } } });
    await expect(lease().release(stale.lease)).rejects.toThrow(/no longer this run's/);
    expect(JSON.parse(objects()[LEASE_KEY]!.body)).toMatchObject({ runId: 'next' });
  });

  it('does not take a lease that expires exactly now or later', async () => {
    await lease(() => NOW, 20 * MINUTE).take('first');
    expect(await lease(() => NOW + 20 * MINUTE - 1).take('second')).toMatchObject({ kind: 'held', holder: { runId: 'first' } });
  });

  it('fails closed, deleting nothing, when the lease cannot be written', async () => {
    world.aws.setFaults([{ service: 's3', operation: 'PutObject', kind: 'server-error', rate: 1 }]);
    const before = imageCount();
    let ran = false;
    await expect(whileHolding(lease(), 'blind', async () => { ran = true; return deletingRun('blind'); })).rejects.toBeInstanceOf(LeaseError);
    expect(ran).toBe(false);
    expect(imageCount()).toBe(before);
    expect(world.aws.calls.get('ecr.BatchDeleteImage')).toBeUndefined();
  });

  it('fails closed when the lease in place is not a lease document, and says how to clear it', async () => {
    objects()[LEASE_KEY] = { body: '{"holder":"?"}' };
    await expect(lease().take('next')).rejects.toThrow(/not a lease document; if no run is going on, delete the object/);
  });

  it('releases the lease when the run throws, and reports the run\'s error', async () => {
    await expect(whileHolding(lease(), 'broken', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(objects()[LEASE_KEY]).toBeUndefined();
  });
});

describe('the emulated S3 conditional requests', () => {
  const put = (extra: { IfNoneMatch?: string; IfMatch?: string }) =>
    s3().send(new PutObjectCommand({ Bucket: DEMO_JOURNAL.bucket, Key: 'k', Body: 'v2', ...extra }));

  it('creates with If-None-Match: * only when the key is absent (412 PreconditionFailed otherwise)', async () => {
    await put({ IfNoneMatch: '*' });
    await expect(put({ IfNoneMatch: '*' })).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
  });

  it('replaces with If-Match only the version it names, and answers 404 when there is none', async () => {
    await expect(put({ IfMatch: '"abc"' })).rejects.toMatchObject({ name: 'NoSuchKey' });
    const { ETag } = await put({});
    await expect(put({ IfMatch: '"0123"' })).rejects.toMatchObject({ name: 'PreconditionFailed' });
    await expect(put({ IfMatch: ETag! })).resolves.toMatchObject({ ETag });
  });

  it('deletes with If-Match only the version it names', async () => {
    const { ETag } = await put({});
    const remove = (IfMatch: string) => s3().send(new DeleteObjectCommand({ Bucket: DEMO_JOURNAL.bucket, Key: 'k', IfMatch }));
    await expect(remove('"0123"')).rejects.toMatchObject({ name: 'PreconditionFailed' });
    expect(objects().k).toBeDefined();
    await remove(ETag!);
    expect(objects().k).toBeUndefined();
    await expect(remove(ETag!)).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
