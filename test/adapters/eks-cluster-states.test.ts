/**
 * EksLiveSource and the cluster states ListClusters returns (CREATING, ACTIVE, UPDATING, DELETING, FAILED, PENDING):
 * a cluster that never had an API server runs no pod and is a note; every other one is read or fails closed. And an
 * endpoint out of the function's reach says why (private, or public but restricted to CIDRs) and what to do.
 */
import { closedPort } from '../support/closed-port';
import type { EmuEksCluster } from '../../emulator/aws/account';
import { startEksWorld, type EksWorld } from '../../emulator/k8s/eks-world';
import { smallCluster } from '../../emulator/k8s/sample-clusters';
import type { LiveReference, SourceNote } from '../../lambda/core/model';

type Status = NonNullable<EmuEksCluster['status']>;

describe('EksLiveSource across cluster states', () => {
  let world: EksWorld;
  let goodOnly: number;
  beforeAll(async () => {
    world = await startEksWorld([smallCluster('good'), smallCluster('other')]);
    goodOnly = (await world.source().collect({ clusters: ['good'] })).length;
  });
  afterAll(() => world.close());

  const collect = async (other: Partial<EmuEksCluster>): Promise<{ references?: readonly LiveReference[]; error?: unknown; notes: SourceNote[] }> => {
    world.setEksClusters([world.k8s.eksCluster('good'), world.k8s.eksCluster('other', other)]);
    const notes: SourceNote[] = [];
    const outcome = await world.source({ requestTimeoutMs: 300 }).collect({ clusters: ['*'] }, (note) => notes.push(note))
      .then((references) => ({ references }), (error: unknown) => ({ error }));
    return { ...outcome, notes };
  };

  it.each<Status>(['CREATING', 'FAILED'])('a %s cluster without an API endpoint runs no pod: a note, and the others are read', async (status) => {
    const { references, notes } = await collect({ endpoint: '', certificateAuthorityData: '', status });
    expect(references).toHaveLength(goodOnly);
    expect(notes).toEqual([{ source: 'eks', message: expect.stringMatching(new RegExp(`^cluster other is ${status} and has no API endpoint yet: no node can have joined it`)) }]);
  });

  it.each<Status>(['ACTIVE', 'UPDATING', 'DELETING', 'FAILED', 'CREATING'])('a %s cluster with an API endpoint is read like any other', async (status) => {
    const { references, notes } = await collect({ status });
    expect(references).toHaveLength(2 * goodOnly);
    expect(notes).toEqual([]);
  });

  it.each<Status>(['ACTIVE', 'UPDATING', 'DELETING', 'PENDING'])('a %s cluster without an API endpoint fails closed: pods may run there', async (status) => {
    const { error, notes } = await collect({ endpoint: '', status });
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster other', message: expect.stringContaining(`status ${status}`) });
    expect(notes).toEqual([]);
  });

  it.each([
    ['a private endpoint', { endpointPublicAccess: false }, "cluster other's API endpoint is private: deploy the function in the cluster's VPC with the vpc/vpcSubnets/securityGroups props"],
    ['a public endpoint restricted to CIDRs', { publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] },
      "cluster other's API endpoint is restricted to CIDRs 203.0.113.0/24, 198.51.100.7/32: deploy the function in the cluster's VPC with the vpc/vpcSubnets/securityGroups props"],
  ])('an unreachable cluster with %s says so, and what to deploy', async (_, vpc, hint) => {
    const { error } = await collect({ endpoint: `https://127.0.0.1:${await closedPort()}`, ...vpc });
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster other', message: expect.stringContaining(hint) });
  });

  it('an unreachable cluster open to every address gets no VPC advice', async () => {
    const { error } = await collect({ endpoint: `https://127.0.0.1:${await closedPort()}`, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(error).toMatchObject({ name: 'LiveSourceError', what: 'cluster other', message: expect.stringContaining('ECONNREFUSED') });
    expect(error).not.toMatchObject({ message: expect.stringContaining('vpcSubnets') });
  });
});
