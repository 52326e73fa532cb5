/** S3 across an estate: one bucket namespace, owners, the exchange bucket policy, ListObjectsV2 and HeadObject. */
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const A = '111111111111';
const B = '222222222222';
const EXCHANGE = 'ecr-retention-exchange';
/** 2026-03-01T12:00:00.250Z: S3 keeps modification times to the second. */
const T0 = Date.UTC(2026, 2, 1, 12, 0, 0, 250);

describe('S3 shared by an estate', () => {
  let emulator: AwsEmulator;
  const clock = { now: T0 };
  beforeAll(async () => {
    const b = emptyAccount(B, 'us-east-1');
    b.s3 = { buckets: { 'b-private': {} } };
    emulator = await startAwsEmulator({ accounts: [emptyAccount(A, 'eu-west-1'), b], pageSize: 2, quotas: {}, clock: () => clock.now });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    const store = emulator.account.s3;
    if (!store) throw new Error('the estate lost its S3 store');
    store.buckets = { 'a-private': {}, 'b-private': {}, [EXCHANGE]: {} };
    store.exchangeBuckets = { [EXCHANGE]: { ownKeysUnder: 'live/' } };
  });

  const s3 = (accountId: string, region = 'eu-west-1') => new S3Client({
    ...commonClientConfig({ region, endpoint: emulator.url, credentials: emulator.credentialsFor(accountId), maxAttempts: 1 }),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const put = (accountId: string, Bucket: string, Key: string, body = '{}') => s3(accountId).send(new PutObjectCommand({ Bucket, Key, Body: body }));
  const denied = { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } };

  it('lets only the owner in: the first account owns buckets without an owner, a bucket declared in a model belongs to its account', async () => {
    await put(A, 'a-private', 'x.json');
    await expect(put(B, 'a-private', 'x.json')).rejects.toMatchObject(denied);
    await expect(s3(B).send(new GetObjectCommand({ Bucket: 'a-private', Key: 'x.json' }))).rejects.toMatchObject(denied);
    expect(emulator.account.s3?.owners).toEqual({ 'b-private': B });
    await put(B, 'b-private', 'y.json');
    await expect(put(A, 'b-private', 'y.json')).rejects.toMatchObject(denied);
    await expect(s3(A).send(new ListObjectsV2Command({ Bucket: 'b-private' }))).rejects.toMatchObject(denied);
  });

  it('refuses a request whose expected bucket owner is not the owner (403), and serves one whose is', async () => {
    await put(A, EXCHANGE, `live/${A}.json`);
    await expect(s3(B).send(new GetObjectCommand({ Bucket: EXCHANGE, Key: `live/${A}.json`, ExpectedBucketOwner: B }))).rejects.toMatchObject(denied);
    await expect(s3(B).send(new GetObjectCommand({ Bucket: EXCHANGE, Key: `live/${A}.json`, ExpectedBucketOwner: A }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('refuses with 501 what a read does not emulate: a byte range, a version', async () => {
    await put(A, 'a-private', 'x.json');
    const notImplemented = { $metadata: { httpStatusCode: 501 } };
    await expect(s3(A).send(new GetObjectCommand({ Bucket: 'a-private', Key: 'x.json', Range: 'bytes=0-1' }))).rejects.toMatchObject(notImplemented);
    await expect(s3(A).send(new GetObjectCommand({ Bucket: 'a-private', Key: 'x.json', VersionId: 'v1' }))).rejects.toMatchObject(notImplemented);
  });

  it('exchange bucket: an account writes and deletes its own live/ keys, and no other account\'s', async () => {
    await put(A, EXCHANGE, `live/${A}.json`);
    await put(A, EXCHANGE, `live/${A}-eu-west-1.json`);
    await s3(A).send(new DeleteObjectCommand({ Bucket: EXCHANGE, Key: `live/${A}-eu-west-1.json` }));
    await expect(put(A, EXCHANGE, `live/${B}.json`)).rejects.toMatchObject(denied);
    await expect(put(A, EXCHANGE, `live/${A}x.json`)).rejects.toMatchObject(denied);
    await expect(s3(B).send(new DeleteObjectCommand({ Bucket: EXCHANGE, Key: `live/${A}.json` }))).rejects.toMatchObject(denied);
    // The policy's Deny binds the owning account too, and covers keys outside live/.
    await expect(put(A, EXCHANGE, 'elsewhere.json')).rejects.toMatchObject(denied);
    expect(Object.keys(emulator.account.s3?.buckets[EXCHANGE] ?? {})).toEqual([`live/${A}.json`]);
  });

  it('exchange bucket: any account reads and lists under live/, only the owner elsewhere', async () => {
    await put(A, EXCHANGE, `live/${A}.json`, '{"a":1}');
    emulator.account.s3!.buckets[EXCHANGE]!['private/notes.json'] = { body: '{}' };
    const read = await s3(B).send(new GetObjectCommand({ Bucket: EXCHANGE, Key: `live/${A}.json` }));
    expect(await read.Body?.transformToString()).toBe('{"a":1}');
    const listed = await s3(B).send(new ListObjectsV2Command({ Bucket: EXCHANGE, Prefix: 'live/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([`live/${A}.json`]);
    await expect(s3(B).send(new ListObjectsV2Command({ Bucket: EXCHANGE }))).rejects.toMatchObject(denied);
    await expect(s3(B).send(new GetObjectCommand({ Bucket: EXCHANGE, Key: 'private/notes.json' }))).rejects.toMatchObject(denied);
    expect((await s3(A).send(new ListObjectsV2Command({ Bucket: EXCHANGE }))).KeyCount).toBe(2);
  });

  it('ListObjectsV2 pages at the forced page size with continuation tokens, in key order, under the prefix', async () => {
    const keys = ['live/5.json', 'live/1.json', 'live/4.json', 'other/x.json', 'live/2.json', 'live/3.json'];
    for (const key of keys) emulator.account.s3!.buckets['a-private']![key] = { body: key };
    const pages = [];
    for await (const page of paginateListObjectsV2({ client: s3(A) }, { Bucket: 'a-private', Prefix: 'live/' })) {
      pages.push({ keys: page.Contents?.map((c) => c.Key), count: page.KeyCount, truncated: page.IsTruncated, next: page.NextContinuationToken !== undefined });
    }
    expect(pages).toEqual([
      { keys: ['live/1.json', 'live/2.json'], count: 2, truncated: true, next: true },
      { keys: ['live/3.json', 'live/4.json'], count: 2, truncated: true, next: true },
      { keys: ['live/5.json'], count: 1, truncated: false, next: false },
    ]);
    const one = await s3(A).send(new ListObjectsV2Command({ Bucket: 'a-private', MaxKeys: 1, StartAfter: 'live/3.json' }));
    expect(one).toMatchObject({ Contents: [{ Key: 'live/4.json' }], KeyCount: 1, MaxKeys: 1, IsTruncated: true, StartAfter: 'live/3.json' });
    await expect(s3(A).send(new ListObjectsV2Command({ Bucket: 'a-private', ContinuationToken: 'bm9wZQ==' })))
      .rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
  });

  it('ListObjectsV2 describes each object (ETag, Size, LastModified) and refuses a delimiter it does not emulate', async () => {
    clock.now = T0;
    await put(A, 'a-private', 'doc.json', '{"x":"é"}');
    const listed = await s3(A).send(new ListObjectsV2Command({ Bucket: 'a-private' }));
    expect(listed.Contents).toEqual([{
      Key: 'doc.json', ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      Size: 10, LastModified: new Date(Date.UTC(2026, 2, 1, 12, 0, 0)), StorageClass: 'STANDARD',
    }]);
    await expect(s3(A).send(new ListObjectsV2Command({ Bucket: 'a-private', Delimiter: '/' })))
      .rejects.toMatchObject({ $metadata: { httpStatusCode: 501 } });
  });

  it('GetObject and HeadObject answer Content-Length, ETag and Last-Modified; HeadObject of a missing key is 404', async () => {
    clock.now = T0;
    const { ETag } = await put(A, 'a-private', 'doc.json', '{"n":12345}');
    clock.now = T0 + 60_000;
    const head = await s3(A).send(new HeadObjectCommand({ Bucket: 'a-private', Key: 'doc.json' }));
    expect(head).toMatchObject({ ContentLength: 11, ETag, LastModified: new Date(Date.UTC(2026, 2, 1, 12, 0, 0)) });
    const got = await s3(A).send(new GetObjectCommand({ Bucket: 'a-private', Key: 'doc.json' }));
    expect(got).toMatchObject({ ContentLength: 11, ETag, LastModified: head.LastModified });
    expect(await got.Body?.transformToString()).toBe('{"n":12345}');
    await expect(s3(A).send(new HeadObjectCommand({ Bucket: 'a-private', Key: 'missing' })))
      .rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    expect(emulator.calls.get('s3.HeadObject')).toBeGreaterThanOrEqual(2);
  });

  it('is one namespace (last: it replaces the store): every model of every account sees the same buckets, and replacing them replaces them for all', () => {
    const [first, second] = emulator.models;
    expect(second?.s3).toBe(first?.s3);
    expect(emulator.modelFor(B, 'ap-southeast-2').s3).toBe(first?.s3);
    emulator.modelFor(B, 'us-east-1').s3 = { buckets: { only: {} } };
    expect(Object.keys(emulator.account.s3?.buckets ?? {})).toEqual(['only']);
  });
});
