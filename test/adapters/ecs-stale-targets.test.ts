/**
 * Rules and schedules pinned to a task definition revision ECS can no longer describe (INACTIVE and referenced by no
 * active task or service, or deleted): they cannot launch anything, so they are reported as notes and are not live,
 * and the ECS source still succeeds. Any other failure to describe them, and an undescribable revision that a
 * service still names, fail closed.
 */
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference, SourceNote } from '../../lambda/core/model';
import type { ClientSettings } from '../../lambda/adapters/common/clients';
import type { AccountModel } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { clusterArnOf, destroyClients, ecsAccount, ecsClients, REGISTRY } from './ecs-fixture';

const td = (reference: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${reference}`;
const role = 'arn:aws:iam::123456789012:role/scheduler';

/** The fixture plus a rule on web:3 (INACTIVE, unreferenced), one on legacy:2 (INACTIVE, run by a service), a schedule on gone:2 (deleted). */
function staleAccount(): AccountModel {
  const account = ecsAccount();
  account.events.rules.push(
    { name: 'old-web', eventBusName: 'default', targets: [{ id: 'a', arn: clusterArnOf('prod'), ecsParameters: { taskDefinitionArn: td('web:3') } }] },
    { name: 'legacy-job', eventBusName: 'ops', targets: [{ id: 'a', arn: clusterArnOf('batch'), ecsParameters: { taskDefinitionArn: td('legacy:2') } }] },
  );
  account.scheduler.schedules.push({ name: 'stale', groupName: 'jobs', state: 'ENABLED',
    target: { arn: clusterArnOf('batch'), roleArn: role, ecsParameters: { taskDefinitionArn: td('gone:2') } } });
  return account;
}

describe('ECS scheduled targets ECS can no longer describe', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: staleAccount(), pageSize: 3, quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.setFaults([]));

  async function collect(settings: ClientSettings = {}): Promise<{ references: readonly LiveReference[]; notes: SourceNote[] }> {
    const clients = ecsClients(emulator, settings);
    const notes: SourceNote[] = [];
    try {
      const references = await new EcsLiveSource(clients).collect({ clusters: ['*'], keepTaskDefinitionRevisions: 3 }, (n) => notes.push(n));
      return { references, notes };
    } finally {
      destroyClients(clients);
    }
  }

  it.each([
    ['an INACTIVE revision no active task or service references', 'web:3'],
    ['a deleted revision', 'gone:2'],
  ])('answers ClientException "Unable to describe task definition." for %s', async (_kind, taskDefinition) => {
    const clients = ecsClients(emulator);
    try {
      await expect(clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })))
        .rejects.toMatchObject({ name: 'ClientException', message: 'Unable to describe task definition.' });
    } finally {
      destroyClients(clients);
    }
  });

  it('still describes an INACTIVE revision a service and a running task reference', async () => {
    const clients = ecsClients(emulator);
    try {
      const answer = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'legacy:2' }));
      expect(answer.taskDefinition).toMatchObject({ family: 'legacy', revision: 2, status: 'INACTIVE' });
    } finally {
      destroyClients(clients);
    }
  });

  it('reports a rule or schedule pinned to such a revision as a note, not live, and keeps reading', async () => {
    const { references, notes } = await collect();
    expect(notes).toEqual([
      { source: 'ecs', message: 'events rule/default/old-web targets task definition web:3, which can no longer run' },
      { source: 'ecs', message: 'scheduler schedule/jobs/stale targets task definition gone:2, which can no longer run' },
    ]);
    expect(references.some((r) => r.location.startsWith('events rule/default/old-web') || r.location.includes('gone'))).toBe(false);
    expect(references.some((r) => r.image === `${REGISTRY}/web:v3`)).toBe(false);
  });

  it('keeps a rule pinned to an INACTIVE revision that a service still runs live', async () => {
    const { references } = await collect();
    expect(references.map((r) => r.location)).toContain('events rule/ops/legacy-job task-definition/legacy:2 container/app');
  });

  it.each([
    ['throttling', 'throttle', 'ThrottlingException'],
    ['a server error', 'server-error', 'InternalFailure'],
  ] as const)('fails closed on %s while describing a stale target', async (_name, kind, cause) => {
    emulator.setFaults([{ service: 'ecs', operation: 'DescribeTaskDefinition', kind, rate: 1 }]);
    const failure = await collect({ maxAttempts: 2 }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(LiveSourceError);
    expect((failure as LiveSourceError).cause).toMatchObject({ name: cause });
  });
});

describe('an undescribable revision something runs', () => {
  it('fails the source when a service deployment names a deleted revision', async () => {
    const account = ecsAccount();
    const batch = account.ecs.clusters.find((cluster) => cluster.name === 'batch');
    batch?.services.push({ name: 'broken', deployments: [{ id: 'ecs-svc/broken', status: 'PRIMARY', taskDefinition: td('gone:2') }] });
    const emulator = await startAwsEmulator({ account, pageSize: 3, quotas: {} });
    const clients = ecsClients(emulator);
    try {
      const failure = new EcsLiveSource(clients).collect({ clusters: ['batch'], keepTaskDefinitionRevisions: 1 }, () => undefined);
      await expect(failure).rejects.toBeInstanceOf(LiveSourceError);
      await expect(failure).rejects.toMatchObject({
        what: 'DescribeTaskDefinition gone:2 (used by ecs cluster/batch service/broken deployment/ecs-svc/broken)',
        cause: expect.objectContaining({ name: 'ClientException' }),
      });
    } finally {
      destroyClients(clients);
      await emulator.close();
    }
  });
});
