import { StateError } from '../../lambda/adapters/common/errors';
import { S3StateStore } from '../../lambda/adapters/s3/state-store';
import type { RegionState } from '../../lambda/core/state';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { BUCKET, digest, objectsOf, plant, plantBytes, PREFIX, stateClient, storedBytes, storedJson } from './s3-state-fixtures';

const HOME = 'eu-west-1';
const LEGACY_KEY = 'journal/deletions.json';

function stateOf(region: string, images: number, offset = 0): RegionState {
  const tags = Array.from({ length: images }, (_, i) => [
    { repository: `team/repo-${i % 7}`, tag: `v1.${i}`, digest: digest(offset + i), firstSeen: 1_700_000_000_000 + i },
    ...(i % 2 === 0 ? [{ repository: `team/repo-${i % 7}`, tag: `main-${i}`, digest: digest(offset + i), firstSeen: 1_700_000_500_000 }] : []),
  ]).flat();
  const candidates = Array.from({ length: Math.ceil(images / 20) }, (_, i) => ({ repository: `team/repo-${i % 7}`, digest: digest(offset + i * 20), since: 1_710_000_000_000 }));
  const journal = [
    { repository: 'team/repo-1', digest: digest(offset + 1), parent: digest(offset + 2) },
    { region, repository: 'team/repo-2', digest: digest(9_999_999), parent: digest(offset + 2) },
  ];
  const lifecyclePolicies = [{ repository: 'team/repo-0', checkedAt: 1_719_000_000_000, hasPolicy: true }, { repository: 'team/repo-1', checkedAt: 1_719_500_000_000, hasPolicy: false }];
  return { version: 1, region, writtenAt: 1_720_000_000_000, tags, candidates, journal, lifecyclePolicies };
}

/** States compare whole once each list is in one order (the document groups rows by repository). */
function normalized(state: RegionState | undefined): unknown {
  if (!state) return state;
  const sort = <T>(items: readonly T[]) => [...items].map((item) => JSON.stringify(item)).sort();
  return { ...state, tags: sort(state.tags), candidates: sort(state.candidates), journal: sort(state.journal), lifecyclePolicies: sort(state.lifecyclePolicies ?? []) };
}

describe('S3 state store', () => {
  let emulator: AwsEmulator;
  const store = (options: { bucket?: string; legacy?: boolean; maxAttempts?: number } = {}) => new S3StateStore({
    client: stateClient(emulator, HOME, options.maxAttempts), bucket: options.bucket ?? BUCKET, prefix: PREFIX,
    ...(options.legacy ? { legacyJournalKey: LEGACY_KEY, homeRegion: HOME } : {}),
  });

  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('111122223333', HOME), quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.account.s3 = { buckets: { [BUCKET]: {} } };
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('reads back the tags, candidates, journal and lifecycle-policy answers of each region it wrote, each in its own gzipped object', async () => {
    const [home, other] = [stateOf(HOME, 300), stateOf('us-east-1', 40, 5_000)];
    await store().write(home);
    await store().write(other);
    const read = await store().read([HOME, 'us-east-1', 'ap-south-1']);
    expect([...read.keys()].sort()).toEqual([HOME, 'us-east-1']);
    expect(normalized(read.get(HOME))).toEqual(normalized(home));
    expect(normalized(read.get('us-east-1'))).toEqual(normalized(other));
    expect(Object.keys(objectsOf(emulator)).sort()).toEqual(['state/eu-west-1.json.gz', 'state/us-east-1.json.gz']);
    expect(storedBytes(emulator, 'state/eu-west-1.json.gz').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.PutObject': 2, 's3.GetObject': 3 });
  });

  it('sends the object as application/json with Content-Encoding gzip', async () => {
    const client = stateClient(emulator, HOME);
    const sent: Record<string, string>[] = [];
    client.middlewareStack.add((next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders' });
    await new S3StateStore({ client, bucket: BUCKET, prefix: PREFIX }).write(stateOf(HOME, 3));
    expect(sent[0]).toMatchObject({ 'content-type': 'application/json', 'content-encoding': 'gzip' });
  });

  it('stores a fraction of the plain JSON: each digest once, rows grouped by repository, gzipped', async () => {
    const state = stateOf(HOME, 5_000);
    await store().write(state);
    const stored = storedBytes(emulator, 'state/eu-west-1.json.gz').length;
    expect(stored).toBeLessThan(JSON.stringify(state).length / 5);
    const document = storedJson(emulator, 'state/eu-west-1.json.gz') as { digests: string[]; tags: Record<string, unknown[][]> };
    expect(document.digests).toHaveLength(5_000 + 1);
    expect(document.digests[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(document.tags['team/repo-0']?.[0]).toEqual(['v1.0', 0, 1_700_000_000_000]);
  });

  it('keeps a digest of another algorithm whole', async () => {
    const other = `sha512:${'ab'.repeat(64)}`;
    const state: RegionState = { ...stateOf(HOME, 1), tags: [{ repository: 'web', tag: 'x', digest: other, firstSeen: 1 }] };
    await store().write(state);
    expect((await store().read([HOME])).get(HOME)?.tags).toEqual(state.tags);
  });

  it('answers no state, in one GetObject, for a region that has none yet', async () => {
    expect((await store().read([HOME])).size).toBe(0);
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.GetObject': 1 });
  });

  it('reads a plain (not gzipped) document too: one put back by hand, or decoded on the way', async () => {
    await store().write(stateOf(HOME, 10));
    plant(emulator, 'state/eu-west-1.json.gz', storedJson(emulator, 'state/eu-west-1.json.gz'), { plain: true });
    expect(normalized((await store().read([HOME])).get(HOME))).toEqual(normalized(stateOf(HOME, 10)));
  });

  const valid = { version: 1, region: HOME, writtenAt: 1, digests: ['a'.repeat(64)], tags: { web: [['v1', 0, 5]] }, candidates: {}, journal: {} };
  it.each([
    ['bytes that are neither gzip nor JSON', 'garbage', true, /: not JSON \(SyntaxError: /],
    ['a gzip stream cut short', null, true, /: not a gzip stream \(Error: unexpected end of file\)$/],
    ['gzipped text that is not JSON', 'not json', false, /: not JSON \(SyntaxError: /],
    ['JSON of another shape', [], false, /: not a state document: Invalid input: expected object, received array$/],
    ['an older or unknown version', { ...valid, version: 0 }, false, /: not a state document: version: Invalid input: expected 1$/],
    ['tags missing', { ...valid, tags: undefined }, false, /: not a state document: tags: is required$/],
    ['a digest that is not one', { ...valid, digests: ['xyz'] }, false, /digests\[0\]: expected 64 lowercase hex digits, or algorithm:encoded$/],
    ['an index past the digest table', { ...valid, tags: { web: [['v1', 0, 5], ['v2', 3, 5]] } }, false,
      /: not a state document: tags\.web\[1\]\[1\]: no digest at index 3 \(the table has 1\)$/],
    ['the state of another region', { ...valid, region: 'us-east-1' }, false, /: it holds the state of us-east-1, not of eu-west-1$/],
    ['a lifecycle-policy answer that is not one', { ...valid, lifecyclePolicies: { web: [5, true] } }, false, /: not a state document: lifecyclePolicies\.web\[1\]: /],
  ])('throws a StateError naming the object for %s', async (_case, content, plain, message) => {
    if (content === null) plantBytes(emulator, 'state/eu-west-1.json.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    else plant(emulator, 'state/eu-west-1.json.gz', content, { plain });
    const reading = store().read([HOME, 'us-east-1']);
    await expect(reading).rejects.toBeInstanceOf(StateError);
    await expect(reading).rejects.toThrow(`state: could not read s3://${BUCKET}/state/eu-west-1.json.gz`);
    await expect(reading).rejects.toThrow(message);
  });

  it('names at most three problems of a corrupt state, and counts the rest', async () => {
    plant(emulator, 'state/eu-west-1.json.gz', { ...valid, tags: { web: Array.from({ length: 5 }, () => ['', 0, 1]) } });
    await expect(store().read([HOME])).rejects.toThrow(/tags\.web\[0\]\[0\]: expected a name; tags\.web\[1\]\[0\]: .*; tags\.web\[2\]\[0\]: [^;]*; and 2 more$/);
  });

  it('refuses a state written by a newer version, whatever its shape', async () => {
    plant(emulator, 'state/eu-west-1.json.gz', { version: 2, somethingNew: true });
    await expect(store().read([HOME])).rejects.toThrow(
      `state: could not read s3://${BUCKET}/state/eu-west-1.json.gz: written by a newer version (2); refusing to read it`);
  });

  it('reads the legacy journal as the home region\'s state until that region has one', async () => {
    const entries = [{ repository: 'web', digest: digest(1), parent: digest(2) }];
    plant(emulator, LEGACY_KEY, { version: 1, entries }, { plain: true });
    const read = await store({ legacy: true }).read([HOME, 'us-east-1']);
    expect([...read.keys()]).toEqual([HOME]);
    expect(read.get(HOME)).toEqual({ version: 1, region: HOME, writtenAt: 0, tags: [], candidates: [], journal: entries });
    await store({ legacy: true }).write(stateOf(HOME, 2));
    expect(normalized((await store({ legacy: true }).read([HOME])).get(HOME))).toEqual(normalized(stateOf(HOME, 2)));
    // Two states and the legacy journal, then the home region's own state: the journal is no longer read.
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.GetObject': 3 + 1, 's3.PutObject': 1 });
  });

  it('answers no state for the home region when there is no legacy journal, or an empty one', async () => {
    expect((await store({ legacy: true }).read([HOME])).size).toBe(0);
    plant(emulator, LEGACY_KEY, { version: 1, entries: [] }, { plain: true });
    expect((await store({ legacy: true }).read([HOME])).size).toBe(0);
  });

  it('throws a StateError when the legacy journal cannot be read', async () => {
    plant(emulator, LEGACY_KEY, { version: 1, entries: [{ repository: 'web' }] }, { plain: true });
    await expect(store({ legacy: true }).read([HOME])).rejects.toThrow(
      /^state: could not read the journal s3:\/\/ecr-retention-state\/journal\/deletions\.json \(the home region has no state yet\) \(JournalError: /);
  });

  it('throws a StateError when the bucket does not exist, on read and on write: never "no state"', async () => {
    const reading = store({ bucket: 'no-such-bucket' }).read([HOME]);
    await expect(reading).rejects.toBeInstanceOf(StateError);
    await expect(reading).rejects.toThrow('state: could not read s3://no-such-bucket/state/eu-west-1.json.gz (NoSuchBucket: The specified bucket does not exist)');
    await expect(store({ bucket: 'no-such-bucket' }).write(stateOf(HOME, 1))).rejects.toThrow('state: could not write s3://no-such-bucket/state/eu-west-1.json.gz (NoSuchBucket');
  });

  it('throws a StateError with S3\'s error once the retries are spent', async () => {
    emulator.setFaults([{ service: 's3', kind: 'server-error', rate: 1 }]);
    await expect(store({ maxAttempts: 2 }).read([HOME])).rejects.toMatchObject({ name: 'StateError', cause: { name: 'InternalFailure' } });
  });

  it('refuses to write a state it could not read back, without calling S3', async () => {
    const bad: RegionState = { ...stateOf(HOME, 1), candidates: [{ repository: 'web', digest: 'sha256:short', since: 1 }] };
    await expect(store().write(bad)).rejects.toThrow(
      `state: could not write s3://${BUCKET}/state/eu-west-1.json.gz: not a valid state: digests[1]: expected 64 lowercase hex digits, or algorithm:encoded`);
    await expect(store().write({ ...stateOf(HOME, 1), region: '../journal/deletions' })).rejects.toThrow('not a region name');
    expect(emulator.totalCalls()).toBe(0);
  });
});

describe('S3 state store reading several regions', () => {
  it('reads them concurrently', async () => {
    const emulator = await startAwsEmulator({ account: emptyAccount('111122223333', HOME), quotas: {}, latencyMs: 150 });
    try {
      emulator.account.s3 = { buckets: { [BUCKET]: {} } };
      const regions = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-south-1'];
      const started = Date.now();
      expect((await new S3StateStore({ client: stateClient(emulator, HOME), bucket: BUCKET, prefix: PREFIX }).read(regions)).size).toBe(0);
      expect(Date.now() - started).toBeLessThan(150 * regions.length * 0.75);
    } finally {
      await emulator.close();
    }
  });
});
