/**
 * The EKS token: its format, what it signs, its size, its cache; and the emulated API server refusing what EKS
 * refuses (expired, wrong cluster, forged, extra parameters) with 401.
 */
import { request } from 'node:https';
import fc from 'fast-check';
import { createEksToken, EKS_TOKEN_REFRESH_AFTER_MS, EksTokenCache } from '../../lambda/adapters/eks/token';
import { CLEANER, startEksWorld, T0, type EksWorld } from '../../emulator/k8s/eks-world';
import { verifyEksToken } from '../../emulator/k8s/eks-token-verifier';
import { smallCluster } from '../../emulator/k8s/sample-clusters';

const credentials = { accessKeyId: CLEANER.accessKeyId, secretAccessKey: CLEANER.secretAccessKey };
const ALLOWED = ['action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires',
  'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders'];
const MINUTE = 60_000;
const principals = new Map([[CLEANER.accessKeyId, CLEANER]]);

const urlOf = (token: string) => new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
const tokenOf = (url: URL | string) => `k8s-aws-v1.${Buffer.from(String(url)).toString('base64url')}`;
const mint = (cluster = 'prod', overrides: Partial<Parameters<typeof createEksToken>[0]> = {}) =>
  createEksToken({ cluster, region: 'eu-west-1', credentials, now: T0, ...overrides });

describe('createEksToken', () => {
  it('is k8s-aws-v1. + unpadded base64url of a presigned STS GetCallerIdentity URL', async () => {
    const token = await mint();
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = urlOf(token);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20250301T120000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(`${CLEANER.accessKeyId}/20250301/eu-west-1/sts/aws4_request`);
  });

  it('carries only the query parameters EKS allows, the session token included', async () => {
    const url = urlOf(await mint('prod', { credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE+/=' } }));
    const names = [...url.searchParams.keys()].map((name) => name.toLowerCase());
    expect(names.filter((name) => !ALLOWED.includes(name))).toEqual([]);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('IQoJb3JpZ2luX2VjE+/=');
  });

  it('signs x-k8s-aws-id as a header, never as a parameter', async () => {
    const url = urlOf(await mint());
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect([...url.searchParams.keys()]).not.toContain('x-k8s-aws-id');
  });

  it('stays within 4096 bytes with a Lambda-sized session token', async () => {
    const sessionToken = 'IQoJb3JpZ2luX2Vj+/='.repeat(80); // 1,520 characters, a third of them escaped
    const token = await mint('a-cluster-name-of-the-maximum-length-'.padEnd(100, 'x'), { credentials: { ...credentials, sessionToken } });
    expect(Buffer.byteLength(token)).toBeLessThanOrEqual(4096);
  });

  it('uses the amazonaws.com.cn STS endpoint in China regions', async () => {
    expect(urlOf(await mint('prod', { region: 'cn-north-1' })).host).toBe('sts.cn-north-1.amazonaws.com.cn');
  });

  it('verifies for the cluster it names and for no other (property)', async () => {
    const clusterName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/);
    await fc.assert(fc.asyncProperty(clusterName, clusterName, fc.constantFrom('us-east-1', 'eu-west-1', 'ap-south-2'), async (a, b, region) => {
      const token = await mint(a, { region });
      expect((await verifyEksToken(`Bearer ${token}`, a, principals, T0)).ok).toBe(true);
      if (a !== b) expect((await verifyEksToken(`Bearer ${token}`, b, principals, T0)).ok).toBe(false);
    }), { numRuns: 30 });
  });
});

describe('EksTokenCache', () => {
  it('shares one token per cluster until 14 minutes, then signs a new one; invalidate forces one', async () => {
    const clock = { now: T0 };
    // Each signing resolves the credentials once: counting them counts the tokens signed.
    let minted = 0;
    const counting = async () => {
      minted++;
      return credentials;
    };
    const cache = new EksTokenCache({ region: 'eu-west-1', credentials: counting, clock: () => clock.now });
    const [a, b] = await Promise.all([cache.token('prod'), cache.token('prod')]);
    expect(a).toBe(b);
    clock.now = T0 + EKS_TOKEN_REFRESH_AFTER_MS - 1;
    expect(await cache.token('prod')).toBe(a);
    clock.now = T0 + EKS_TOKEN_REFRESH_AFTER_MS;
    const c = await cache.token('prod');
    expect(c).not.toBe(a);
    expect(minted).toBe(2);
    // Same clock, same credentials: the signature is deterministic, so only the count shows the new signing.
    cache.invalidate('prod');
    expect(await cache.token('prod')).toBe(c);
    expect(minted).toBe(3);
    expect(await cache.token('other')).not.toBe(c);
    expect(minted).toBe(4);
  });

  it('does not cache a token whose credentials could not be resolved', async () => {
    let calls = 0;
    const flaky = async () => {
      if (calls++ === 0) throw new Error('credentials unavailable');
      return credentials;
    };
    const cache = new EksTokenCache({ region: 'eu-west-1', credentials: flaky, clock: () => T0 });
    await expect(cache.token('prod')).rejects.toThrow('credentials unavailable');
    await expect(cache.token('prod')).resolves.toMatch(/^k8s-aws-v1\./);
  });
});

describe('the emulated API server authenticates tokens as EKS does', () => {
  let world: EksWorld;
  beforeAll(async () => {
    world = await startEksWorld([smallCluster('prod'), smallCluster('staging')]);
  });
  afterAll(() => world.close());

  const statusFor = (cluster: string, authorization: string) => new Promise<number>((resolve, reject) => {
    const url = new URL(`${world.k8s.endpointOf(cluster)}/apis/apps/v1/deployments?limit=2`);
    const req = request(url, { ca: Buffer.from(world.k8s.caData, 'base64'), headers: { authorization } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });

  const forge = (url: URL, edit: (params: URLSearchParams) => void) => {
    const copy = new URL(url);
    edit(copy.searchParams);
    return tokenOf(copy);
  };

  it.each<[string, 200 | RegExp, () => Promise<string>]>([
    ['a fresh token for this cluster', 200, async () => mint('prod')],
    ['a token signed 14 minutes ago', 200, async () => mint('prod', { now: T0 - 14 * MINUTE })],
    ['an expired token (16 minutes old)', /expired/, async () => mint('prod', { now: T0 - 16 * MINUTE })],
    ['a token for another cluster', /signature does not match/, async () => mint('staging')],
    ['a forged signature', /signature does not match/, async () => forge(urlOf(await mint('prod')), (p) => p.set('X-Amz-Signature', '0'.repeat(64)))],
    ['a token signed with a wrong secret', /signature does not match/, async () => mint('prod', { credentials: { ...credentials, secretAccessKey: 'guessed' } })],
    ['an unknown access key', /unknown access key/, async () => mint('prod', { credentials: { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' } })],
    ['an extra query parameter', /X-Amz-Extra is not allowed/, async () => forge(urlOf(await mint('prod')), (p) => p.set('X-Amz-Extra', '1'))],
    ['a URL that is not STS', /not an STS URL/, async () => { const u = urlOf(await mint('prod')); u.hostname = 'evil.example.com'; return tokenOf(u); }],
    ['a token without the prefix', /prefix/, async () => (await mint('prod')).slice('k8s-aws-v1.'.length)],
    ['a padded base64 token', /base64url/, async () => `${await mint('prod')}=`],
  ])('%s → %s', async (_what, expected, token) => {
    world.clock.now = T0;
    const bearer = `Bearer ${await token()}`;
    expect(await statusFor('prod', bearer)).toBe(expected === 200 ? 200 : 401);
    const verdict = await verifyEksToken(bearer, 'prod', principals, T0);
    expect(verdict.ok ? 200 : verdict.reason).toEqual(expected === 200 ? 200 : expect.stringMatching(expected));
  });

  it('a token without x-k8s-aws-id among the signed headers → 401', async () => {
    const token = forge(urlOf(await mint('prod')), (p) => p.set('X-Amz-SignedHeaders', 'host'));
    expect(await statusFor('prod', `Bearer ${token}`)).toBe(401);
    expect((await verifyEksToken(`Bearer ${token}`, 'prod', principals, T0))).toEqual({ ok: false, reason: 'x-k8s-aws-id is not a signed header' });
  });

  it('a valid token whose principal has no access entry → 403', async () => {
    world.k8s.clusters[0]?.accessEntries.splice(0);
    try {
      expect(await statusFor('prod', `Bearer ${await mint('prod')}`)).toBe(403);
    } finally {
      world.k8s.clusters[0]?.accessEntries.push(CLEANER.arn);
    }
  });
});
