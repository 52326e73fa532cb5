/** EKS clusters in a second account and Region: listed there only, and their tokens verify for that account. */
import { request } from 'node:https';
import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { commonClientConfig } from '../../../lambda/adapters/common/clients';
import { createEksToken } from '../../../lambda/adapters/eks/token';
import { ACCOUNT, CLEANER, cleanerOf, REGION, startEksWorld, T0, type EksWorld } from '../../../emulator/k8s/eks-world';
import { smallCluster } from '../../../emulator/k8s/sample-clusters';

const OTHER = '444455556666';
const OTHER_REGION = 'us-west-2';

describe('emulated EKS across accounts and Regions', () => {
  let world: EksWorld;
  beforeAll(async () => {
    // Two clusters named `prod`: one in (ACCOUNT, REGION), one in (OTHER, OTHER_REGION) under its own endpoint id.
    const otherProd = { ...smallCluster('prod'), endpointId: 'other-prod', accessEntries: [cleanerOf(OTHER).arn] };
    world = await startEksWorld([smallCluster('prod'), otherProd], { homes: { 'other-prod': { accountId: OTHER, region: OTHER_REGION } } });
  });
  afterAll(() => world.close());

  const listPods = async (endpointId: string, token: string) => new Promise<number>((resolve, reject) => {
    const req = request(new URL(`${world.k8s.endpointOf(endpointId)}/api/v1/pods`), {
      ca: Buffer.from(world.k8s.caData, 'base64'), headers: { authorization: `Bearer ${token}` },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

  it('lists and describes each account\'s clusters in its own Region only', async () => {
    expect((await world.eksClient().send(new ListClustersCommand({}))).clusters).toEqual(['prod']);
    expect((await world.eksClient(OTHER, OTHER_REGION).send(new ListClustersCommand({}))).clusters).toEqual(['prod']);
    expect((await world.eksClient(OTHER, REGION).send(new ListClustersCommand({}))).clusters).toEqual([]);
    const { cluster } = await world.eksClient(OTHER, OTHER_REGION).send(new DescribeClusterCommand({ name: 'prod' }));
    expect(cluster).toMatchObject({ arn: `arn:aws:eks:${OTHER_REGION}:${OTHER}:cluster/prod`, endpoint: world.k8s.endpointOf('other-prod') });
    const mine = await world.eksClient().send(new DescribeClusterCommand({ name: 'prod' }));
    expect(mine.cluster).toMatchObject({ arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/prod`, endpoint: world.k8s.endpointOf('prod') });
  });

  it('accepts the other account cleaner token, signed for the cluster Region or us-east-1', async () => {
    for (const region of [OTHER_REGION, 'us-east-1']) {
      const token = await createEksToken({ cluster: 'prod', region, credentials: cleanerOf(OTHER), now: T0 });
      expect(await listPods('other-prod', token)).toBe(200);
    }
    const identity = await new STSClient(commonClientConfig({ region: OTHER_REGION, endpoint: world.aws.url, credentials: cleanerOf(OTHER), maxAttempts: 1 }))
      .send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(OTHER);
  });

  it('authenticates but forbids a principal of another account, and refuses a forged secret', async () => {
    const mine = await createEksToken({ cluster: 'prod', region: REGION, credentials: CLEANER, now: T0 });
    expect(await listPods('other-prod', mine)).toBe(403);
    expect(await listPods('prod', mine)).toBe(200);
    const forged = await createEksToken({ cluster: 'prod', region: OTHER_REGION, credentials: { ...cleanerOf(OTHER), secretAccessKey: 'guess' }, now: T0 });
    expect(await listPods('other-prod', forged)).toBe(401);
    expect(world.k8s.statuses.get('other-prod 403')).toBe(1);
  });

  it('replaces the clusters of one account and Region only', async () => {
    world.setEksClusters([], OTHER, OTHER_REGION);
    expect((await world.eksClient(OTHER, OTHER_REGION).send(new ListClustersCommand({}))).clusters).toEqual([]);
    expect((await world.eksClient().send(new ListClustersCommand({}))).clusters).toEqual(['prod']);
  });
});
