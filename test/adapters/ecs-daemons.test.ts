/**
 * ECS Managed Daemons as the ECS source reads them: in a Region without them ListDaemons answers
 * UnsupportedFeatureException, which is a note and not a failure; a current revision whose daemon task definition
 * cannot be described fails the source. (What daemons yield is in ecs-source.test.ts; call counts and faults in
 * ecs-call-counts and ecs-faults.)
 */
import { DescribeDaemonCommand, DescribeDaemonRevisionsCommand, ListDaemonsCommand } from '@aws-sdk/client-ecs';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference, SourceNote } from '../../lambda/core/model';
import type { AccountModel } from '../../emulator/aws/account';
import { startAwsEmulator } from '../../emulator/aws/server';
import { destroyClients, ecsAccount, ecsClients, REGISTRY } from './ecs-fixture';

async function withAccount<T>(account: AccountModel, run: (clients: ReturnType<typeof ecsClients>) => Promise<T>): Promise<T> {
  const emulator = await startAwsEmulator({ account, pageSize: 3, quotas: {} });
  const clients = ecsClients(emulator);
  try {
    return await run(clients);
  } finally {
    destroyClients(clients);
    await emulator.close();
  }
}

async function collect(account: AccountModel): Promise<{ references: readonly LiveReference[]; notes: SourceNote[] }> {
  return withAccount(account, async (clients) => {
    const notes: SourceNote[] = [];
    const references = await new EcsLiveSource(clients).collect({ clusters: ['batch'], keepTaskDefinitionRevisions: 1 }, (n) => notes.push(n));
    return { references, notes };
  });
}

describe('ECS Managed Daemons', () => {
  it('serves a daemon revision with its recorded images and daemon task definition (SDK model shapes)', async () => {
    await withAccount(ecsAccount(), async (clients) => {
      const listed = await clients.ecs.send(new ListDaemonsCommand({ clusterArn: 'batch' }));
      expect(listed.daemonSummariesList?.map((d) => d.daemonArn)).toEqual([
        'arn:aws:ecs:us-east-1:123456789012:daemon/batch/monitor', 'arn:aws:ecs:us-east-1:123456789012:daemon/batch/logs']);
      const arn = 'arn:aws:ecs:us-east-1:123456789012:daemon-revision/batch/monitor/300';
      const { daemonRevisions } = await clients.ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: [arn] }));
      expect(daemonRevisions?.[0]).toMatchObject({
        daemonTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/monitor-agent:3',
        containerImages: [{ containerName: 'agent', image: `${REGISTRY}/monitor:v3` }],
      });
    });
  });

  it('notes a Region without daemons (UnsupportedFeatureException) and reads the rest', async () => {
    const account = ecsAccount();
    account.ecs.managedDaemons = false;
    const { references, notes } = await collect(account);
    expect(notes).toEqual([{ source: 'ecs', message: 'ecs cluster/batch: ListDaemons answered UnsupportedFeatureException (no daemons in this region)' }]);
    expect(references.some((r) => r.location.startsWith('ecs cluster/batch task/'))).toBe(true);
    expect(references.some((r) => r.location.includes(' daemon/'))).toBe(false);
  });

  it('fails the source when a current revision names a daemon task definition ECS cannot describe', async () => {
    const account = ecsAccount();
    account.ecs.daemonTaskDefinitions = account.ecs.daemonTaskDefinitions?.filter((d) => d.revision !== 2);
    const failure = collect(account);
    await expect(failure).rejects.toBeInstanceOf(LiveSourceError);
    await expect(failure).rejects.toMatchObject({ what: 'DescribeDaemonTaskDefinition monitor-agent:2', cause: expect.objectContaining({ name: 'ClientException' }) });
  });

  it('the emulator answers every daemon read UnsupportedFeatureException in a Region without daemons, as the SDK model lists', async () => {
    const account = { ...ecsAccount() };
    account.ecs = { ...account.ecs, managedDaemons: false };
    await withAccount(account, async (clients) => {
      const arn = 'arn:aws:ecs:us-east-1:123456789012:daemon-revision/batch/monitor/300';
      await expect(clients.ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: [arn] }))).rejects.toMatchObject({ name: 'UnsupportedFeatureException' });
    });
  });

  it('the emulator answers DescribeDaemon for an unknown cluster ClusterNotFoundException, and for an unknown daemon DaemonNotFoundException', async () => {
    await withAccount(ecsAccount(), async (clients) => {
      const daemon = (cluster: string) => new DescribeDaemonCommand({ daemonArn: `arn:aws:ecs:us-east-1:123456789012:daemon/${cluster}/nothing-here` });
      await expect(clients.ecs.send(daemon('no-such-cluster'))).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
      await expect(clients.ecs.send(daemon('batch'))).rejects.toMatchObject({ name: 'DaemonNotFoundException' });
    });
  });
});
