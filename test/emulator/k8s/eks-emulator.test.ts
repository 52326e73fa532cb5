/** The emulated EKS control plane (real SDK) and the Kubernetes list API's wire answers (raw HTTPS). */
import { request } from 'node:https';
import { DescribeClusterCommand, paginateListClusters } from '@aws-sdk/client-eks';
import { createEksToken } from '../../../lambda/adapters/eks/token';
import { CLEANER, REGION, startEksWorld, T0, type EksWorld } from '../../../emulator/k8s/eks-world';
import { smallCluster } from '../../../emulator/k8s/sample-clusters';

describe('emulated EKS and Kubernetes API', () => {
  let world: EksWorld;
  beforeAll(async () => {
    world = await startEksWorld(['a', 'b', 'c'].map((name) => smallCluster(name)));
    world.k8s.clusters[0]?.objects.deployments?.push(
      ...['x', 'y', 'z'].map((n) => ({ metadata: { name: n, namespace: 'default' }, spec: {} })),
    );
  });
  afterAll(() => world.close());

  const get = async (path: string, cluster = 'a') => {
    const token = await createEksToken({ cluster, region: REGION, credentials: CLEANER, now: T0 });
    return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(new URL(`${world.k8s.endpointOf(cluster)}${path}`), {
        ca: Buffer.from(world.k8s.caData, 'base64'), headers: { authorization: `Bearer ${token}` },
      }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end();
    });
  };

  it('ListClusters pages with maxResults and DescribeCluster points at the API server and its CA', async () => {
    const pages = [];
    for await (const page of paginateListClusters({ client: world.eksClient(), pageSize: 1 }, {})) pages.push(page.clusters);
    expect(pages).toEqual([['a'], ['b'], ['c']]);
    const { cluster } = await world.eksClient().send(new DescribeClusterCommand({ name: 'b' }));
    expect(cluster).toMatchObject({
      name: 'b', status: 'ACTIVE', endpoint: world.k8s.endpointOf('b'),
      certificateAuthority: { data: world.k8s.caData }, accessConfig: { authenticationMode: 'API' },
      resourcesVpcConfig: { endpointPublicAccess: true },
    });
    expect(Buffer.from(world.k8s.caData, 'base64').toString('utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('answers a chunked list with kind, continue and remainingItemCount, and a stale token with 410 Expired', async () => {
    const first = await get('/apis/apps/v1/deployments?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { remainingItemCount: 2 } });
    const token = (first.body.metadata as { continue: string }).continue;
    world.k8s.expireContinueTokens();
    const stale = await get(`/apis/apps/v1/deployments?limit=2&continue=${token}`);
    expect(stale).toMatchObject({ status: 410, body: { kind: 'Status', reason: 'Expired', code: 410 } });
  });

  it('caps a page at its own page size whatever the limit, and rejects a continue token of another list', async () => {
    const page = await get('/apis/apps/v1/deployments?limit=100');
    expect((page.body.items as unknown[]).length).toBe(2);
    const token = (page.body.metadata as { continue: string }).continue;
    expect((await get(`/api/v1/pods?continue=${token}`)).status).toBe(400);
  });

  it('answers 404 for a resource it does not emulate', async () => {
    expect((await get('/api/v1/secrets')).status).toBe(404);
  });
});
