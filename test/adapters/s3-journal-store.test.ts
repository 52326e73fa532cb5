import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { JournalError } from '../../lambda/adapters/common/errors';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import { S3JournalStore } from '../../lambda/adapters/s3/journal-store';
import type { JournalEntry } from '../../lambda/core/model';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const REGION = 'eu-west-1';
const BUCKET = 'ecr-retention-state';
const KEY = 'ecr-retention/journal.json';
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Given out of order: the store sorts by repository, then digest, then parent. */
const entries: JournalEntry[] = [
  { repository: 'web', digest: digest(2), parent: digest(9) },
  { repository: 'api', digest: digest(3), parent: digest(8) },
  { repository: 'web', digest: digest(1), parent: digest(9) },
  { repository: 'api', digest: digest(3), parent: digest(7) },
  { repository: 'team/worker', digest: digest(5), parent: digest(6) },
];
const sorted: JournalEntry[] = [entries[3], entries[1], entries[4], entries[2], entries[0]] as JournalEntry[];

describe('S3 journal store', () => {
  let emulator: AwsEmulator;
  const objects = () => emulator.account.s3?.buckets[BUCKET] ?? {};
  const client = (maxAttempts?: number) =>
    s3JournalClient(commonClientConfig({ region: REGION, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) }), true);
  const store = (options: { bucket?: string; key?: string; maxAttempts?: number } = {}) =>
    new S3JournalStore({ client: client(options.maxAttempts), bucket: options.bucket ?? BUCKET, key: options.key ?? KEY });
  const storeRaw = (body: string) => {
    objects()[KEY] = { body, contentType: 'application/json' };
  };

  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('111122223333', REGION), quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.account.s3 = { buckets: { [BUCKET]: {} } };
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('reads back what it wrote, sorted by repository, digest and parent', async () => {
    await store().write(entries);
    expect(await store().read()).toEqual(sorted);
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.PutObject': 1, 's3.GetObject': 1 });
  });

  it('stores one compact, deterministic JSON document as application/json, whatever the order given', async () => {
    await store().write(entries);
    const first = objects()[KEY];
    await store().write([...entries].reverse());
    expect(objects()[KEY]).toEqual(first);
    expect(first).toEqual({ contentType: 'application/json', body: JSON.stringify({ version: 1, entries: sorted }) });
    expect(first?.body.startsWith(`{"version":1,"entries":[{"repository":"api","digest":"${digest(3)}","parent":"${digest(7)}"}`)).toBe(true);
  });

  it('writes only the three fields of an entry', async () => {
    const withExtra = { repository: 'web', digest: digest(1), parent: digest(2), note: 'x' } as JournalEntry;
    await store().write([withExtra]);
    expect(objects()[KEY]?.body).toBe(`{"version":1,"entries":[{"repository":"web","digest":"${digest(1)}","parent":"${digest(2)}"}]}`);
  });

  it('replaces the journal on each write, an empty one included', async () => {
    await store().write(entries);
    await store().write([]);
    expect(objects()[KEY]?.body).toBe('{"version":1,"entries":[]}');
    expect(await store().read()).toEqual([]);
  });

  it('round-trips a journal over 2 MB, which the SDK sends with Expect: 100-continue', async () => {
    const many = Array.from({ length: 15_000 }, (_, i) => ({ repository: `repo-${i % 7}`, digest: digest(i), parent: digest(1e9 + (i % 13)) }));
    await store().write(many);
    expect(objects()[KEY]?.body.length).toBeGreaterThan(2 * 1024 * 1024);
    const read = await store().read();
    expect(read).toHaveLength(many.length);
    expect(read.slice(0, 2)).toEqual([many[0], many[7]]);
  });

  it('reads no entries, in one call, when the journal object does not exist yet', async () => {
    expect(await store().read()).toEqual([]);
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.GetObject': 1 });
  });

  it('throws a JournalError naming the bucket when the bucket does not exist, on read and on write', async () => {
    const reading = store({ bucket: 'no-such-bucket' }).read();
    await expect(reading).rejects.toBeInstanceOf(JournalError);
    await expect(reading).rejects.toThrow(`journal: could not read s3://no-such-bucket/${KEY} (NoSuchBucket: The specified bucket does not exist)`);
    await expect(reading).rejects.toMatchObject({ cause: { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } } });
    await expect(store({ bucket: 'no-such-bucket' }).write(entries)).rejects.toThrow(`journal: could not write s3://no-such-bucket/${KEY} (NoSuchBucket`);
  });

  it.each([
    ['text that is not JSON', 'not a journal', /could not read s3:\/\/ecr-retention-state\/ecr-retention\/journal\.json: not JSON \(SyntaxError: /],
    ['an empty object body', '', /: not JSON \(SyntaxError: /],
    ['JSON of another shape', '[]', /: not a journal document: Invalid input: expected object, received array$/],
    ['another version', '{"version":2,"entries":[]}', /: not a journal document: version: Invalid input: expected 1$/],
    ['entries missing', '{"version":1}', /: not a journal document: entries: is required$/],
    ['a digest without its algorithm', `{"version":1,"entries":[{"repository":"web","digest":"${'a'.repeat(64)}","parent":"${digest(1)}"}]}`,
      /: not a journal document: entries\[0\]\.digest: expected sha256:<64 lowercase hex digits>$/],
    ['an entry without a parent', `{"version":1,"entries":[{"repository":"web","digest":"${digest(1)}"}]}`, /entries\[0\]\.parent: is required$/],
    ['an empty repository name', `{"version":1,"entries":[{"repository":"","digest":"${digest(1)}","parent":"${digest(2)}"}]}`,
      /entries\[0\]\.repository: expected a repository name$/],
  ])('throws a JournalError saying what is wrong for %s', async (_case, body, message) => {
    storeRaw(body);
    const reading = store().read();
    await expect(reading).rejects.toBeInstanceOf(JournalError);
    await expect(reading).rejects.toThrow(message);
  });

  it('names at most three problems of a malformed document, and counts the rest', async () => {
    storeRaw(JSON.stringify({ version: 1, entries: Array.from({ length: 5 }, () => ({ repository: 'web', digest: 'x', parent: digest(1) })) }));
    await expect(store().read()).rejects.toThrow(/entries\[0\]\.digest: .*; entries\[1\]\.digest: .*; entries\[2\]\.digest: [^;]*; and 2 more$/);
  });

  it('refuses to write entries it could not read back, without calling S3', async () => {
    const writing = store().write([{ repository: 'web', digest: 'sha256:short', parent: digest(1) }]);
    await expect(writing).rejects.toBeInstanceOf(JournalError);
    await expect(writing).rejects.toThrow(`journal: could not write s3://${BUCKET}/${KEY}: invalid entries: [0].digest: expected sha256:<64 lowercase hex digits>`);
    expect(emulator.totalCalls()).toBe(0);
  });

  it('still round-trips when half the calls fail with a 5xx, by retrying', async () => {
    emulator.setFaults([{ service: 's3', kind: 'server-error', rate: 0.5 }]);
    // At this rate the default 8 attempts lose one call in 256, which this seeded run does hit: give it 20.
    const resilient = () => store({ maxAttempts: 20 });
    for (let i = 0; i < 5; i++) {
      await resilient().write(entries.slice(i));
      expect(await resilient().read()).toEqual([...entries.slice(i)].sort((a, b) => sorted.indexOf(a) - sorted.indexOf(b)));
    }
    expect(emulator.faults.injected.get('s3.PutObject:server-error')).toBeGreaterThan(0);
    expect(emulator.faults.injected.get('s3.GetObject:server-error')).toBeGreaterThan(0);
  });

  it('retries S3 throttling (503 SlowDown)', async () => {
    emulator.setFaults([{ service: 's3', kind: 'throttle', rate: 1, remaining: 2 }]);
    await store().write(entries);
    expect(emulator.calls.get('s3.PutObject')).toBe(3);
  });

  it('throws a JournalError with the last S3 error as cause when every attempt fails with a 500', async () => {
    emulator.setFaults([{ service: 's3', kind: 'server-error', rate: 1 }]);
    const reading = store({ maxAttempts: 3 }).read();
    await expect(reading).rejects.toBeInstanceOf(JournalError);
    await expect(reading).rejects.toThrow(`journal: could not read s3://${BUCKET}/${KEY} (InternalFailure: Injected server error)`);
    await expect(reading).rejects.toMatchObject({ cause: { name: 'InternalFailure', $metadata: { httpStatusCode: 500, attempts: 3 } } });
    await expect(store({ maxAttempts: 3 }).write(entries)).rejects.toMatchObject({ name: 'JournalError', cause: { name: 'InternalFailure' } });
    expect(Object.fromEntries(emulator.calls)).toEqual({ 's3.GetObject': 3, 's3.PutObject': 3 });
  });
});

/** What the emulated S3 answers the real SDK, beyond what the journal needs. */
describe('emulated S3 with the real SDK client', () => {
  let emulator: AwsEmulator;
  const config = () => commonClientConfig({ region: REGION, endpoint: emulator.url, credentials, fixedBackoffMs: 2, maxAttempts: 1 });

  beforeAll(async () => {
    const account = emptyAccount('111122223333', REGION);
    emulator = await startAwsEmulator({ account: { ...account, s3: { buckets: { [BUCKET]: {} } } }, quotas: {} });
  });
  afterAll(() => emulator.close());

  it('answers a missing key with an error the SDK names NoSuchKey', async () => {
    await expect(s3JournalClient(config(), true).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/b/missing' })))
      .rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('keeps keys with slashes and spaces whole, and the content type as stored', async () => {
    const client = s3JournalClient(config(), true);
    const put = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a/b c/d.txt', Body: 'héllo', ContentType: 'text/plain' }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Object.keys(emulator.account.s3?.buckets[BUCKET] ?? {})).toContain('a/b c/d.txt');
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/b c/d.txt' }));
    expect(got.ContentType).toBe('text/plain');
    expect(await got.Body?.transformToString()).toBe('héllo');
  });

  it('deletes an object, and answers 204 for a key that is already gone', async () => {
    const client = s3JournalClient(config(), true);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doomed', Body: 'x' }));
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(Object.keys(emulator.account.s3?.buckets[BUCKET] ?? {})).not.toContain('doomed');
    expect((await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }))).$metadata.httpStatusCode).toBe(204);
    await expect(client.send(new DeleteObjectCommand({ Bucket: 'no-such-bucket', Key: 'doomed' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('accepts the header checksum the default client sends with an in-memory body', async () => {
    const client = new S3Client({ ...config(), forcePathStyle: true });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'checksummed', Body: '{"a":1}' }));
    expect(emulator.account.s3?.buckets[BUCKET]?.checksummed?.body).toBe('{"a":1}');
  });

  it('refuses the aws-chunked body the default client streams, with a 400 that says how to configure the client', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = new S3Client({ ...config(), forcePathStyle: true });
    const sending = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed', Body: Readable.from([Buffer.from('hello')]), ContentLength: 5 }));
    await expect(sending).rejects.toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    await expect(sending).rejects.toThrow(/requestChecksumCalculation: 'WHEN_REQUIRED'/);
    // The SDK cannot replay a consumed stream, and says so.
    expect(warn).toHaveBeenCalledWith('An error was encountered in a non-retryable streaming request.');
    warn.mockRestore();
  });

  describe('checks an upload as S3 does', () => {
    // The emulator routes on the signing name and checks no signature, so a hand-made request needs only the scope.
    const put = (key: string, body: string, headers: Record<string, string>) => fetch(`${emulator.url}/${BUCKET}/${key}`, {
      method: 'PUT',
      body,
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250101/${REGION}/s3/aws4_request`, ...headers },
    });

    it('refuses a body whose CRC32 checksum does not match (BadDigest)', async () => {
      const response = await put('bad-crc', 'hello', { 'x-amz-checksum-crc32': 'AAAAAA==' });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>BadDigest<\/Code><Message>/);
      expect(await put('good-crc', 'hello', { 'x-amz-checksum-crc32': 'NhCmhg==' })).toMatchObject({ status: 200 });
    });

    it('refuses a body whose signed payload hash does not match (XAmzContentSHA256Mismatch)', async () => {
      const response = await put('bad-sha', 'hello', { 'x-amz-content-sha256': '0'.repeat(64) });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
      expect(Object.keys(emulator.account.s3?.buckets[BUCKET] ?? {})).not.toContain('bad-sha');
    });
  });

  it('takes the same stream from the journal client, which sends no aws-chunked encoding', async () => {
    await s3JournalClient(config(), true).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed', Body: Readable.from([Buffer.from('hello')]), ContentLength: 5 }));
    expect(emulator.account.s3?.buckets[BUCKET]?.streamed?.body).toBe('hello');
  });
});
