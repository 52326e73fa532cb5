/**
 * Services that service deployments and revisions do not cover: ListServiceDeployments answering
 * UnsupportedFeatureException (a CODE_DEPLOY service here), and revisions created before 2024-10-25, which
 * DescribeServiceRevisions cannot describe. For those answers only, DescribeServices' deployments and task sets stand
 * for the service, a note says so, and the source keeps going. A revision ECS cannot describe for a recent service
 * still fails closed.
 */
import { DescribeServiceRevisionsCommand, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference, SourceNote } from '../../lambda/core/model';
import type { AccountModel } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { destroyClients, ecsAccount, ecsClients, revisionArn } from './ecs-fixture';

const td = (reference: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${reference}`;

/** The fixture plus, in cluster `batch`, a CODE_DEPLOY service and a service from 2024 whose revision is older than revisions. */
function historyAccount(): AccountModel {
  const account = ecsAccount();
  const batch = account.ecs.clusters.find((cluster) => cluster.name === 'batch');
  if (!batch) throw new Error('fixture has no batch cluster');
  batch.services.push(
    { name: 'bluegreen', deploymentController: 'CODE_DEPLOY', deployments: [{ id: 'ecs-svc/bg', status: 'PRIMARY', taskDefinition: td('web-api:3') }],
      taskSets: [{ id: 'ts-green', taskDefinition: td('web-api:2'), status: 'ACTIVE' }] },
    { name: 'veteran', createdAt: Date.UTC(2024, 0, 10), currentServiceRevisionArns: [revisionArn('batch', 'veteran', 'v0')],
      deployments: [{ id: 'ecs-svc/veteran', status: 'PRIMARY', taskDefinition: td('worker:1') }] },
  );
  batch.serviceRevisions = [{ arn: revisionArn('batch', 'veteran', 'v0'), createdAt: Date.UTC(2024, 5, 1), taskDefinition: td('worker:1'),
    containerImages: [{ containerName: 'app', image: 'x', imageDigest: `sha256:${'1'.repeat(64)}` }] }];
  return account;
}

async function collect(emulator: AwsEmulator, clusters: string[]): Promise<{ references: readonly LiveReference[]; notes: SourceNote[] }> {
  const clients = ecsClients(emulator);
  const notes: SourceNote[] = [];
  try {
    const references = await new EcsLiveSource(clients).collect({ clusters, keepTaskDefinitionRevisions: 1 }, (n) => notes.push(n));
    return { references, notes };
  } finally {
    destroyClients(clients);
  }
}

describe('ECS services without service deployments or describable revisions', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: historyAccount(), pageSize: 3, quotas: {} });
  });
  afterAll(() => emulator.close());

  it('answers UnsupportedFeatureException to ListServiceDeployments for a CODE_DEPLOY service', async () => {
    const clients = ecsClients(emulator);
    try {
      await expect(clients.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'batch', service: 'bluegreen' })))
        .rejects.toMatchObject({ name: 'UnsupportedFeatureException' });
    } finally {
      destroyClients(clients);
    }
  });

  it('reports a revision created before 2024-10-25 as a MISSING failure', async () => {
    const clients = ecsClients(emulator);
    try {
      const arn = revisionArn('batch', 'veteran', 'v0');
      const answer = await clients.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn] }));
      expect(answer).toMatchObject({ serviceRevisions: [], failures: [{ arn, reason: 'MISSING' }] });
    } finally {
      destroyClients(clients);
    }
  });

  it('falls back to the deployments and task sets DescribeServices gives, with a note, and keeps going', async () => {
    const { references, notes } = await collect(emulator, ['batch']);
    expect(notes).toEqual([
      { source: 'ecs', message: 'ecs cluster/batch service/bluegreen: ListServiceDeployments answered UnsupportedFeatureException; '
        + 'its deployments and task sets from DescribeServices are read instead' },
      { source: 'ecs', message: 'ecs cluster/batch service/veteran revision/v0 cannot be described (created before 2024-10-25, '
        + 'its service is older); its deployments and task sets from DescribeServices are read instead' },
    ]);
    expect(references.map((r) => r.location)).toEqual(expect.arrayContaining([
      'ecs cluster/batch service/bluegreen taskSet/ts-green task-definition/web-api:2 container/app',
      'ecs cluster/batch service/bluegreen deployment/ecs-svc/bg task-definition/web-api:3 container/app',
      'ecs cluster/batch service/veteran deployment/ecs-svc/veteran task-definition/worker:1 container/app',
    ]));
  });

  it('fails closed when a recent service names a revision ECS cannot describe', async () => {
    const account = historyAccount();
    const veteran = account.ecs.clusters.find((c) => c.name === 'batch')?.services.find((s) => s.name === 'veteran');
    if (veteran) delete veteran.createdAt;
    const recent = await startAwsEmulator({ account, pageSize: 3, quotas: {} });
    try {
      const failure = collect(recent, ['batch']);
      await expect(failure).rejects.toBeInstanceOf(LiveSourceError);
      await expect(failure).rejects.toMatchObject({ what: 'DescribeServiceRevisions v0', cause: expect.objectContaining({ message: expect.stringContaining('MISSING') }) });
    } finally {
      await recent.close();
    }
  });
});
