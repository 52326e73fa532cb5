/**
 * EksLiveSource against the emulated EKS control plane and Kubernetes API servers (HTTPS, EKS tokens, page size 2):
 * what it reads. Failure handling is in eks-live-source-failures.test.ts.
 */
import type { LiveReference } from '../../lambda/core/model';
import type { SourceSettings } from '../../lambda/ports';
import { startEksWorld, type EksWorld } from '../../emulator/k8s/eks-world';
import { K8S_RESOURCES } from '../../emulator/k8s/model';
import { IMAGES, prodCluster, smallCluster } from '../../emulator/k8s/sample-clusters';

const settings = (clusters: string[]): SourceSettings['eks'] => ({ clusters });

describe('EksLiveSource reads every image a cluster runs or can start', () => {
  let world: EksWorld;
  let references: readonly LiveReference[];

  beforeAll(async () => {
    // The cleaner's access entry is also bound to a ClusterRole that may list podtemplates.
    world = await startEksWorld([{ ...prodCluster(), extraReadable: ['podtemplates'] }]);
    references = await world.source().collect({ clusters: ['prod'], podTemplates: true });
  });
  afterAll(() => world.close());

  const at = (location: string) => references.filter((r) => r.location === location).map(({ image, digest }) => ({ image, digest }));

  it('a CronJob whose image runs nowhere yields its reference', () => {
    expect(at('eks cluster/prod namespace/batch cronjob/nightly-report container/report')).toEqual([{ image: IMAGES.nightlyReport, digest: undefined }]);
    expect(references.filter((r) => r.image === IMAGES.nightlyReport)).toHaveLength(1);
  });

  it('an old ReplicaSet scaled to 0 yields its image (rollback target)', () => {
    expect(at('eks cluster/prod namespace/team-a replicaset/web-5c4b container/web')).toEqual([{ image: IMAGES.webRollback, digest: undefined }]);
  });

  it("a StatefulSet's previous ControllerRevision yields its image", () => {
    expect(at('eks cluster/prod namespace/data controllerrevision/db-6b8f9c container/db')).toEqual([{ image: IMAGES.dbPrevious, digest: undefined }]);
  });

  it("a DaemonSet's previous ControllerRevision yields its image", () => {
    expect(at('eks cluster/prod namespace/ops controllerrevision/agent-55f container/agent')).toEqual([{ image: IMAGES.agentPrevious, digest: undefined }]);
  });

  it('a pod whose status imageID is an index digest yields that digest', () => {
    expect(at('eks cluster/prod namespace/team-a pod/web-7d9f-a containerstatus/web')).toEqual([
      { image: `${IMAGES.webCurrent.replace(':v2', '')}@${IMAGES.webIndex}`, digest: IMAGES.webIndex },
    ]);
  });

  it.each([
    ['container/web', IMAGES.webCurrent, undefined],
    ['container/otel', IMAGES.sidecar, undefined],
    ['initcontainer/migrate', IMAGES.migrations, undefined],
    ['ephemeralcontainer/debugger', IMAGES.debug, undefined],
    ['volume/model', IMAGES.modelVolume, undefined],
    ['initcontainerstatus/migrate', IMAGES.migrations.replace(':v2', `@${IMAGES.initStatus}`), IMAGES.initStatus],
    ['ephemeralcontainerstatus/debugger', IMAGES.debugStatus, IMAGES.debugStatus],
  ])('a pod yields %s', (where, image, digest) => {
    expect(at(`eks cluster/prod namespace/team-a pod/web-7d9f-a ${where}`)).toEqual([{ image, digest }]);
  });

  it('skips a status whose image is still being pulled (empty imageID)', () => {
    expect(at('eks cluster/prod namespace/team-a pod/web-7d9f-a containerstatus/otel')).toEqual([]);
  });

  it.each([
    ['deployment/web', 'team-a', IMAGES.webCurrent],
    ['statefulset/db', 'data', IMAGES.dbCurrent],
    ['daemonset/agent', 'ops', IMAGES.agentCurrent],
    ['job/backfill-2025-02', 'data', IMAGES.backfill],
    ['replicationcontroller/worker', 'legacy', IMAGES.legacyWorker],
    ['replicationcontroller/idle', 'legacy', IMAGES.legacyIdle], // at 0 replicas: a scale-up starts it
    ['podtemplate/debug-shell', 'ops', IMAGES.debugTemplate],
  ])('the %s template yields its image', (object, namespace, image) => {
    expect(references.filter((r) => r.location.startsWith(`eks cluster/prod namespace/${namespace} ${object} `)).map((r) => r.image)).toEqual([image]);
  });

  it('pages every list with limit 2 and reads each page once', () => {
    const cluster = prodCluster();
    const pages = K8S_RESOURCES.map((resource) => [resource, Math.max(1, Math.ceil((cluster.objects[resource]?.length ?? 0) / 2))]);
    expect(K8S_RESOURCES.map((resource) => [resource, world.k8s.calls.get(`prod ${resource}`)])).toEqual(pages);
    // Pods: 3 web pods × 5 spec images + db + agent, and 3 status digests; then one image per workload template.
    const templates = 1 + 2 + 1 + 1 + 3 + 1 + 1 + 2 + 1;
    expect(references).toHaveLength(3 * 5 + 1 + 1 + 3 + templates);
    const calls = pages.reduce((sum, [, n]) => sum + Number(n), 0);
    expect(calls).toBe(13);
    expect(world.k8s.statuses.get('prod 200')).toBe(calls);
  });
});

describe('EksLiveSource and PodTemplates, which AmazonEKSViewPolicy does not grant', () => {
  let world: EksWorld;
  beforeAll(async () => {
    world = await startEksWorld([prodCluster()]);
  });
  afterAll(() => world.close());
  beforeEach(() => world.k8s.resetCounters());

  it('does not list them unless podTemplates is set, so the view policy alone reads the cluster', async () => {
    const references = await world.source().collect(settings(['prod']));
    expect(references.some((r) => r.location.includes('podtemplate/'))).toBe(false);
    expect(world.k8s.calls.get('prod podtemplates')).toBeUndefined();
    expect(world.k8s.calls.get('prod replicationcontrollers')).toBe(1);
  });

  it('with podTemplates set but no RBAC for them, fails closed with the 403', async () => {
    const collecting = world.source().collect({ clusters: ['prod'], podTemplates: true });
    await expect(collecting).rejects.toMatchObject({ name: 'LiveSourceError', what: 'cluster prod', message: expect.stringContaining('list podtemplates: HTTP 403') });
  });
});

describe('EksLiveSource chooses clusters from settings', () => {
  let world: EksWorld;
  beforeAll(async () => {
    world = await startEksWorld(['blue', 'green', 'red', 'teal', 'gold'].map((name) => smallCluster(name)));
  });
  afterAll(() => world.close());
  beforeEach(() => {
    world.aws.resetCounters();
    world.k8s.resetCounters();
  });

  it('["*"] reads every cluster ListClusters returns, over its pages', async () => {
    const references = await world.source().collect(settings(['*']));
    expect(references.map((r) => r.location.split(' ')[1]).sort()).toEqual(['cluster/blue', 'cluster/gold', 'cluster/green', 'cluster/red', 'cluster/teal']);
    expect(world.aws.calls.get('eks.ListClusters')).toBe(3);
    expect(world.aws.calls.get('eks.DescribeCluster')).toBe(5);
  });

  it('named clusters are read without ListClusters', async () => {
    const references = await world.source().collect(settings(['green', 'teal']));
    expect(references.map((r) => r.image)).toEqual(['green', 'teal'].map((name) => `${name}/app:v1`).map((suffix) => expect.stringContaining(suffix)));
    expect(world.aws.calls.get('eks.ListClusters')).toBeUndefined();
    expect(world.k8s.calls.get('blue deployments')).toBeUndefined();
  });


  it('reads clusters with bounded concurrency and signs one token per cluster', async () => {
    const source = world.source({ clusterConcurrency: 2, listConcurrency: 2 });
    await source.collect(settings(['*']));
    const clusters = ['blue', 'gold', 'green', 'red', 'teal'];
    expect(clusters.map((cluster) => world.k8s.presentedTokens(cluster))).toEqual([1, 1, 1, 1, 1]);
    expect([...new Set([...world.k8s.calls.keys()].map((key) => key.split(' ')[0]))].sort()).toEqual(clusters);
  });
});
