/**
 * EksLiveSource when reading is hard: expired continue tokens, aging and refused EKS tokens, clusters it may not or
 * cannot read. It either returns the complete live set or throws a LiveSourceError naming every unreadable cluster.
 */
import { closedPort } from '../support/closed-port';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference } from '../../lambda/core/model';
import type { SourceSettings } from '../../lambda/ports';
import { issueTestCertificates } from '../../emulator/k8s/certificates';
import { startEksWorld, T0, type EksWorld } from '../../emulator/k8s/eks-world';
import { prodCluster, smallCluster } from '../../emulator/k8s/sample-clusters';

const settings = (clusters: string[]): SourceSettings['eks'] => ({ clusters });
const MINUTE = 60_000;
const sorted = (references: readonly LiveReference[]) => [...references].map((r) => `${r.location} ${r.image}`).sort();

describe('EksLiveSource recovers what can be recovered', () => {
  let world: EksWorld;
  let complete: string[];
  beforeAll(async () => {
    world = await startEksWorld([prodCluster()]);
    complete = sorted(await world.source().collect(settings(['prod'])));
  });
  afterAll(() => world.close());
  beforeEach(() => {
    world.k8s.resetCounters();
    world.k8s.setFaults([]);
    world.clock.now = T0;
    world.serverClock.skewMs = 0;
  });

  it('a continue token that expires mid-list restarts that list and the result is complete', async () => {
    world.k8s.setFaults([{ kind: 'expire-continue', resource: 'pods', remaining: 1 }]);
    const references = await world.source().collect(settings(['prod']));
    expect(sorted(references)).toEqual(complete);
    expect(world.k8s.statuses.get('prod 410')).toBe(1);
    // 3 pages, the 2nd answered 410, then 3 pages again.
    expect(world.k8s.calls.get('prod pods')).toBe(2 + 3);
  });

  it('tokens expired by compaction (a new generation) mid-list are recovered the same way', async () => {
    let expired = false;
    const source = world.source({ listConcurrency: 1 });
    const collecting = source.collect(settings(['prod']));
    // Expire every outstanding token once the first pods page has been served.
    const waitForFirstPage = async () => {
      while (!expired) {
        if ((world.k8s.calls.get('prod pods') ?? 0) >= 1) {
          world.k8s.expireContinueTokens();
          expired = true;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await waitForFirstPage();
    expect(sorted(await collecting)).toEqual(complete);
    expect(world.k8s.statuses.get('prod 410')).toBeGreaterThanOrEqual(1);
  });

  it('a list whose continue token keeps expiring fails closed after 3 restarts, naming the cluster', async () => {
    world.k8s.setFaults([{ kind: 'expire-continue', resource: 'replicasets' }]);
    world.k8s.clusters[0]?.objects.replicasets?.push(...(prodCluster().objects.replicasets ?? []).map((rs) => ({ ...rs, metadata: { ...rs.metadata, name: `${rs.metadata.name}-x` } })));
    try {
      const error = await world.source().collect(settings(['prod'])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiveSourceError);
      expect(error).toMatchObject({ source: 'eks', what: 'cluster prod', message: expect.stringContaining('410') });
      expect(world.k8s.statuses.get('prod 410')).toBe(4);
    } finally {
      world.k8s.clusters[0]?.objects.replicasets?.splice(2);
    }
  });

  it('refreshes its token before the 15-minute validity ends, even in the middle of a list', async () => {
    // Every request to the API server takes two minutes: 11 requests, 22 minutes, outlive one token.
    const slow = await startEksWorld([prodCluster()], { onRequest: () => void (slow.clock.now += 2 * MINUTE) });
    try {
      const source = slow.source({ listConcurrency: 1 });
      expect(sorted(await source.collect(settings(['prod'])))).toEqual(complete);
      expect(slow.k8s.statuses.get('prod 401')).toBeUndefined();
      expect(slow.k8s.presentedTokens('prod')).toBe(2);
      expect(slow.k8s.acceptedTokens('prod')).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('reuses its token across collections within 14 minutes, then signs a new one', async () => {
    const source = world.source();
    await source.collect(settings(['prod']));
    world.clock.now = T0 + 13 * MINUTE;
    await source.collect(settings(['prod']));
    expect(world.k8s.presentedTokens('prod')).toBe(1);
    world.clock.now = T0 + 14 * MINUTE;
    await source.collect(settings(['prod']));
    expect(world.k8s.presentedTokens('prod')).toBe(2);
    expect(world.k8s.statuses.get('prod 401')).toBeUndefined();
  });

  it('a token the cluster refuses as expired (clock skew) is replaced once and the read completes', async () => {
    const source = world.source({ listConcurrency: 1 });
    await source.collect(settings(['prod']));
    // The cleaner's cached token is 13 minutes old by its own clock, 16 by the API server's.
    world.clock.now = T0 + 13 * MINUTE;
    world.serverClock.skewMs = 3 * MINUTE;
    expect(sorted(await source.collect(settings(['prod'])))).toEqual(complete);
    expect(world.k8s.statuses.get('prod 401')).toBe(1);
    expect(world.k8s.presentedTokens('prod')).toBe(2);
  });

  it('429 and 500 answers are retried', async () => {
    world.k8s.setFaults([{ kind: 'throttle', resource: 'pods', remaining: 2 }, { kind: 'server-error', resource: 'jobs', remaining: 1 }]);
    expect(sorted(await world.source().collect(settings(['prod'])))).toEqual(complete);
    expect(world.k8s.statuses.get('prod 429')).toBe(2);
    expect(world.k8s.statuses.get('prod 500')).toBe(1);
  });
});

describe('EksLiveSource fails closed on a cluster it cannot read', () => {
  let world: EksWorld;
  beforeAll(async () => {
    world = await startEksWorld([smallCluster('good'), { ...smallCluster('locked'), accessEntries: [] }]);
  });
  afterAll(() => world.close());
  beforeEach(() => {
    world.k8s.resetCounters();
    world.k8s.setFaults([]);
    world.setEksClusters(['good', 'locked'].map((name) => world.k8s.eksCluster(name)));
  });

  const failure = async (clusters: string[], overrides = {}) =>
    world.source({ requestTimeoutMs: 300, ...overrides }).collect(settings(clusters)).then(() => undefined, (error: unknown) => error);

  it('a cluster without an access entry for the role (403) ⇒ LiveSourceError naming it', async () => {
    const error = await failure(['good', 'locked']);
    expect(error).toBeInstanceOf(LiveSourceError);
    expect(error).toMatchObject({ what: 'cluster locked', message: expect.stringContaining('AmazonEKSViewPolicy') });
    expect(world.k8s.statuses.get('locked 403')).toBeGreaterThanOrEqual(1);
  });

  it('an unreachable cluster endpoint ⇒ LiveSourceError naming it', async () => {
    const port = await closedPort();
    world.setEksClusters([world.k8s.eksCluster('good'), world.k8s.eksCluster('private', { endpoint: `https://127.0.0.1:${port}`, endpointPublicAccess: false })]);
    const error = await failure(['good', 'private']);
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster private', message: expect.stringContaining('ECONNREFUSED') });
    expect(error).toMatchObject({ message: expect.stringContaining("cluster private's API endpoint is private: deploy the function in the cluster's VPC with the vpc/vpcSubnets/securityGroups props") });
  });

  it('an API server that never answers ⇒ LiveSourceError once the request times out', async () => {
    world.k8s.setFaults([{ kind: 'hang', cluster: 'good', resource: 'cronjobs' }]);
    const error = await failure(['good']);
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster good', message: expect.stringContaining('cronjobs') });
  });

  it('a certificate that does not chain to the CA DescribeCluster gives ⇒ LiveSourceError', async () => {
    const strangerCa = Buffer.from(issueTestCertificates('stranger').caPem).toString('base64');
    world.setEksClusters([world.k8s.eksCluster('good', { certificateAuthorityData: strangerCa })]);
    const error = await failure(['good']);
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster good', message: expect.stringContaining('certificate') });
    expect(world.k8s.calls.get('good deployments')).toBeUndefined();
  });

  it('a 401 that persists with a fresh token ⇒ LiveSourceError, after exactly one retry per request', async () => {
    const error = await failure(['good'], { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }, listConcurrency: 1 });
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster good', message: expect.stringContaining('401') });
    expect(world.k8s.statuses.get('good 401')).toBe(2);
  });

  it('a 403 on a CONFIG_MAP cluster says access entries need another authentication mode', async () => {
    world.setEksClusters([world.k8s.eksCluster('locked', { authenticationMode: 'CONFIG_MAP' })]);
    expect(await failure(['locked'])).toMatchObject({ what: 'cluster locked', message: expect.stringContaining('authentication mode is CONFIG_MAP') });
  });

  it('a ListClusters that keeps failing ⇒ LiveSourceError naming ListClusters', async () => {
    world.aws.setFaults([{ service: 'eks', operation: 'ListClusters', kind: 'server-error', rate: 1 }]);
    try {
      expect(await failure(['*'])).toMatchObject({ name: 'LiveSourceError', what: 'ListClusters' });
    } finally {
      world.aws.setFaults([]);
    }
  });

  it('a cluster EKS does not know ⇒ LiveSourceError naming it', async () => {
    expect(await failure(['good', 'gone'])).toMatchObject({ what: 'cluster gone', message: expect.stringContaining('ResourceNotFoundException') });
  });

  it('several unreadable clusters are all named, and the readable ones do not make a partial result', async () => {
    world.setEksClusters(['good', 'locked'].map((name) => world.k8s.eksCluster(name)));
    const error = await failure(['locked', 'good', 'gone']);
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'clusters locked, gone' });
  });
});
