/**
 * Configured custom resources with pod templates (live.eks.customResources): read with client-node's
 * CustomObjectsApi.listClusterCustomObject, paged with limit/continue and restarted on 410 like every list; a CRD
 * the cluster does not serve (404), or one the access entry may not list (403), fails the source closed.
 */
import { customResourceName, valuesAt } from '../../lambda/adapters/eks/custom-resources';
import { formatConfigIssues, parseConfig } from '../../lambda/config/parse';
import type { CustomResourceSetting } from '../../lambda/core/policy';
import { CLEANER, startEksWorld, REGISTRY, type EksWorld } from '../../emulator/k8s/eks-world';
import { podSpec } from '../../emulator/k8s/fixtures';
import type { K8sCluster, K8sCustomResource, K8sObject } from '../../emulator/k8s/model';

const ROLLOUTS: CustomResourceSetting = { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts', podSpecs: ['spec.template.spec'] };
const SCALED_JOBS: CustomResourceSetting = { group: 'keda.sh', version: 'v1alpha1', resource: 'scaledjobs', podSpecs: ['spec.jobTargetRef.template.spec'] };
const image = (name: string) => `${REGISTRY}/apps/${name}:v1`;

function object(namespace: string, name: string, body: Record<string, unknown>): K8sObject {
  return { metadata: { name, namespace, uid: `${namespace}-${name}` }, ...body };
}

/** Three Rollouts (one by workloadRef, no inline template) and one ScaledJob. */
function crCluster(name: string, extraReadable = ['rollouts.argoproj.io', 'scaledjobs.keda.sh']): K8sCluster {
  const rollouts: K8sCustomResource = {
    group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts', kind: 'Rollout',
    items: [
      object('shop', 'checkout', { spec: { strategy: { canary: {} }, template: { spec: podSpec({ containers: [{ name: 'app', image: image('checkout') }], initContainers: [{ name: 'seed', image: image('seed') }] }) } } }),
      object('shop', 'cart', { spec: { template: { spec: podSpec({ containers: [{ name: 'app', image: image('cart') }] }) } } }),
      object('shop', 'by-ref', { spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } }),
    ],
  };
  const scaledJobs: K8sCustomResource = {
    group: 'keda.sh', version: 'v1alpha1', resource: 'scaledjobs', kind: 'ScaledJob',
    items: [object('jobs', 'queue-worker', { spec: { jobTargetRef: { template: { spec: podSpec({ containers: [{ name: 'w', image: image('worker') }] }) } } } })],
  };
  return { name, accessEntries: [CLEANER.arn], objects: {}, customResources: [rollouts, scaledJobs], extraReadable };
}

describe('EksLiveSource and configured custom resources', () => {
  let world: EksWorld;
  beforeAll(async () => {
    const served = crCluster('prod');
    const locked = crCluster('locked', []);
    world = await startEksWorld([served, locked]);
  });
  afterAll(() => world.close());
  beforeEach(() => {
    world.k8s.resetCounters();
    world.k8s.setFaults([]);
  });

  const collect = (customResources: CustomResourceSetting[], clusters = ['prod']) =>
    world.source({ requestTimeoutMs: 500 }).collect({ clusters, customResources });

  it('yields every image of every pod spec path, located by cluster, namespace, resource and object', async () => {
    const references = await collect([ROLLOUTS, SCALED_JOBS]);
    const custom = references.filter((r) => r.location.includes('.argoproj.io/') || r.location.includes('.keda.sh/'));
    expect(custom.map((r) => `${r.location} ${r.image}`).sort()).toEqual([
      `eks cluster/prod namespace/jobs scaledjobs.keda.sh/queue-worker container/w ${image('worker')}`,
      `eks cluster/prod namespace/shop rollouts.argoproj.io/cart container/app ${image('cart')}`,
      `eks cluster/prod namespace/shop rollouts.argoproj.io/checkout container/app ${image('checkout')}`,
      `eks cluster/prod namespace/shop rollouts.argoproj.io/checkout initcontainer/seed ${image('seed')}`,
    ]);
  });

  it('pages each custom list with limit 2 and reads each page once; nothing is listed when none is configured', async () => {
    await collect([ROLLOUTS, SCALED_JOBS]);
    expect(world.k8s.calls.get('prod rollouts.argoproj.io')).toBe(2);
    expect(world.k8s.calls.get('prod scaledjobs.keda.sh')).toBe(1);
    world.k8s.resetCounters();
    await world.source().collect({ clusters: ['prod'] });
    expect(world.k8s.calls.get('prod rollouts.argoproj.io')).toBeUndefined();
  });

  it('restarts a custom list whose continue token expired (410), and the result is complete', async () => {
    const complete = (await collect([ROLLOUTS])).map((r) => r.image).sort();
    world.k8s.resetCounters();
    world.k8s.setFaults([{ kind: 'expire-continue', resource: 'rollouts.argoproj.io', remaining: 1 }]);
    expect((await collect([ROLLOUTS])).map((r) => r.image).sort()).toEqual(complete);
    expect(world.k8s.statuses.get('prod 410')).toBe(1);
    expect(world.k8s.calls.get('prod rollouts.argoproj.io')).toBe(2 + 2);
  });

  it('fails closed when a configured custom resource is not served (404), saying so', async () => {
    const knative: CustomResourceSetting = { group: 'serving.knative.dev', version: 'v1', resource: 'services', podSpecs: ['spec.template.spec'] };
    await expect(collect([ROLLOUTS, knative])).rejects.toMatchObject({
      name: 'LiveSourceError', what: 'cluster prod',
      message: expect.stringContaining('list services.serving.knative.dev: HTTP 404: the cluster does not serve this configured custom resource'),
    });
  });

  it('fails closed when the access entry may not list it (403), naming the RBAC it needs', async () => {
    await expect(collect([ROLLOUTS], ['locked'])).rejects.toMatchObject({
      name: 'LiveSourceError', what: 'cluster locked',
      message: expect.stringContaining('list rollouts.argoproj.io: HTTP 403 Forbidden: AmazonEKSViewPolicy grants no custom resources'),
    });
  });
});

describe('pod spec paths', () => {
  it.each<[string, unknown, unknown[]]>([
    ['spec.template.spec', { spec: { template: { spec: { a: 1 } } } }, [{ a: 1 }]],
    ['spec.template.spec', { spec: { workloadRef: {} } }, []],
    ['spec.templates[].spec', { spec: { templates: [{ spec: { a: 1 } }, { other: 2 }, { spec: { b: 2 } }] } }, [{ a: 1 }, { b: 2 }]],
    ['spec.templates[].spec', { spec: { templates: { spec: {} } } }, []],
    ['spec', null, []],
  ])('%s in %j', (path, root, expected) => {
    expect(valuesAt(root, path)).toEqual(expected);
  });

  it('names a resource as <resource>.<group>', () => {
    expect(customResourceName(ROLLOUTS)).toBe('rollouts.argoproj.io');
  });
});

describe('the live.eks.customResources setting', () => {
  const parse = (eks: string) => parseConfig([{ name: '/ecr-retention/settings', text: `settings: { live: { eks: ${eks} } }` }]);

  it('reads the README example (Argo Rollouts) into the EKS source settings', () => {
    const result = parse('{ customResources: [{ group: argoproj.io, version: v1alpha1, resource: rollouts, podSpecs: [spec.template.spec] }] }');
    if (!result.ok) throw new Error(formatConfigIssues(result.errors));
    expect(result.config.settings.live.eks).toEqual({ clusters: ['*'], customResources: [ROLLOUTS] });
  });

  it.each([
    ['no pod spec path', '{ customResources: [{ group: argoproj.io, version: v1alpha1, resource: rollouts, podSpecs: [] }] }', 'podSpecs'],
    ['a path that is not dotted keys', '{ customResources: [{ group: argoproj.io, version: v1alpha1, resource: rollouts, podSpecs: ["spec/template"] }] }', 'podSpecs'],
    ['a Kind instead of the plural resource', '{ customResources: [{ group: argoproj.io, version: v1alpha1, resource: Rollout, podSpecs: [spec.template.spec] }] }', 'resource'],
  ])('refuses %s', (_, eks, field) => {
    const result = parse(eks);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(formatConfigIssues(result.errors)).toContain(field);
  });
});
