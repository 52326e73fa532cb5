import { StateError } from '../../lambda/adapters/common/errors';
import { S3TaskDefinitionCache } from '../../lambda/adapters/s3/task-definition-cache';
import type { CachedTaskDefinition } from '../../lambda/ports';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { BUCKET, objectsOf, plant, PREFIX, stateClient, storedJson, until } from './s3-state-fixtures';

const REGION = 'us-east-1';
const KEY = `${PREFIX}${REGION}/task-definitions.json.gz`;
const arn = (family: string, revision: number) => `arn:aws:ecs:${REGION}:123456789012:task-definition/${family}:${revision}`;
const definition = (family: string, revision: number): CachedTaskDefinition =>
  ({ family, revision, containers: [{ name: 'app', image: `repo/${family}:${revision}` }, { name: 'sidecar' }] });
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('S3 task-definition cache', () => {
  let emulator: AwsEmulator;
  const cache = (options: { saveEveryMs?: number; bucket?: string } = {}) => new S3TaskDefinitionCache({
    client: stateClient(emulator, REGION, 1), bucket: options.bucket ?? BUCKET, prefix: PREFIX, region: REGION, saveEveryMs: options.saveEveryMs ?? 60_000,
  });
  const stored = () => (storedJson(emulator, KEY) as { definitions: Record<string, unknown> }).definitions;
  const puts = () => emulator.calls.get('s3.PutObject') ?? 0;

  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('123456789012', REGION), quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.account.s3 = { buckets: { [BUCKET]: {} } };
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('loads an empty cache from a missing object, and writes nothing when nothing was put', async () => {
    const empty = cache();
    await empty.load();
    expect(empty.get(arn('web', 1))).toBeUndefined();
    await empty.save({ complete: true });
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.GetObject': 1 });
  });

  it('gives the next run what this one put, from one gzipped object', async () => {
    const first = cache();
    await first.load();
    first.put(arn('web', 1), definition('web', 1));
    first.put(arn('web', 2), definition('web', 2));
    await first.save();
    expect(stored()).toEqual({ [arn('web', 1)]: definition('web', 1), [arn('web', 2)]: definition('web', 2) });
    const next = cache();
    await next.load();
    expect(next.get(arn('web', 2))).toEqual(definition('web', 2));
    expect(storedJson(emulator, KEY)).toMatchObject({ version: 1, region: REGION });
  });

  it('loads once however often it is asked', async () => {
    const once = cache();
    await Promise.all([once.load(), once.load()]);
    await once.load();
    expect(emulator.calls.get('s3.GetObject')).toBe(1);
  });

  it('writes only when something changed since the last save', async () => {
    const changing = cache();
    await changing.load();
    changing.put(arn('web', 1), definition('web', 1));
    await changing.save();
    await changing.save();
    expect(puts()).toBe(1);
    changing.put(arn('web', 3), definition('web', 3));
    await changing.save();
    expect(puts()).toBe(2);
  });

  it('writes nothing when a run puts again what the cache holds (a rule\'s target, described every run)', async () => {
    const first = cache();
    await first.load();
    first.put(arn('web', 1), definition('web', 1));
    await first.save({ complete: true });
    const next = cache();
    await next.load();
    next.put(arn('web', 1), definition('web', 1));
    await next.save({ complete: true });
    expect(puts()).toBe(1);
    expect(stored()).toEqual({ [arn('web', 1)]: definition('web', 1) });
  });

  it('forgets, on a complete save, every ARN this run neither got nor put', async () => {
    const first = cache();
    await first.load();
    for (const revision of [1, 2, 3]) first.put(arn('web', revision), definition('web', revision));
    await first.save();
    const next = cache();
    await next.load();
    next.get(arn('web', 1));
    next.put(arn('api', 1), definition('api', 1));
    await next.save();
    expect(Object.keys(stored()).sort()).toEqual([arn('api', 1), arn('web', 1), arn('web', 2), arn('web', 3)]);
    await next.save({ complete: true });
    expect(Object.keys(stored()).sort()).toEqual([arn('api', 1), arn('web', 1)]);
  });

  it('keeps nothing under a reference that is not a task definition ARN with its revision', async () => {
    const strict = cache();
    await strict.load();
    strict.put('web:1', definition('web', 1));
    strict.put(`arn:aws:ecs:${REGION}:123456789012:task-definition/web`, definition('web', 1));
    expect(strict.get('web:1')).toBeUndefined();
    await strict.save();
    expect(puts()).toBe(0);
  });

  it('saves by itself after puts, at most every saveEveryMs', async () => {
    const eager = cache({ saveEveryMs: 0 });
    await eager.load();
    eager.put(arn('web', 1), definition('web', 1));
    eager.put(arn('web', 2), definition('web', 2));
    await until(() => puts() === 1);
    expect(Object.keys(stored())).toHaveLength(2);
    const patient = cache({ saveEveryMs: 60_000 });
    await patient.load();
    patient.put(arn('web', 3), definition('web', 3));
    await tick(100);
    expect(puts()).toBe(1);
  });

  it('never runs two saves at once', async () => {
    const slow = await startAwsEmulator({ account: emptyAccount('123456789012', REGION), quotas: {}, latencyMs: 40 });
    try {
      slow.account.s3 = { buckets: { [BUCKET]: {} } };
      const client = stateClient(slow, REGION);
      let inFlight = 0;
      let most = 0;
      client.middlewareStack.add((next) => async (args) => {
        most = Math.max(most, ++inFlight);
        try {
          return await next(args);
        } finally {
          inFlight -= 1;
        }
      }, { step: 'initialize', name: 'countInFlight' });
      const busy = new S3TaskDefinitionCache({ client, bucket: BUCKET, prefix: PREFIX, region: REGION, saveEveryMs: 0 });
      await busy.load();
      for (let revision = 1; revision <= 6; revision++) {
        busy.put(arn('web', revision), definition('web', revision));
        await tick(15);
      }
      await busy.save();
      expect(most).toBe(1);
      expect(slow.calls.get('s3.PutObject')).toBeGreaterThanOrEqual(2);
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['corrupt', { version: 1, region: REGION, definitions: { 'web:1': definition('web', 1) } },
      /: not a task-definition cache \(delete it to start afresh\): definitions\.web:1: Invalid key in record$/],
    ['newer', { version: 3, entries: [] }, /: written by a newer version \(3\); refusing to read it$/],
  ])('refuses a %s cache with a StateError, and never writes over it', async (_case, content, message) => {
    plant(emulator, KEY, content);
    const before = objectsOf(emulator)[KEY];
    const refused = cache({ saveEveryMs: 0 });
    await expect(refused.load()).rejects.toBeInstanceOf(StateError);
    await expect(refused.load()).rejects.toThrow(message);
    refused.put(arn('web', 1), definition('web', 1));
    await refused.save({ complete: true });
    expect(objectsOf(emulator)[KEY]).toBe(before);
    expect(puts()).toBe(0);
  });

  it('throws a StateError when the bucket does not exist', async () => {
    await expect(cache({ bucket: 'no-such-bucket' }).load()).rejects.toThrow(`state: could not read s3://no-such-bucket/${KEY} (NoSuchBucket`);
  });

  it('keeps what a failed save could not write for the next save', async () => {
    const retrying = cache();
    await retrying.load();
    retrying.put(arn('web', 1), definition('web', 1));
    emulator.setFaults([{ service: 's3', kind: 'server-error', rate: 1, remaining: 1 }]);
    await expect(retrying.save()).rejects.toMatchObject({ name: 'StateError', cause: { name: 'InternalFailure' } });
    await retrying.save();
    expect(Object.keys(stored())).toEqual([arn('web', 1)]);
  });
});
