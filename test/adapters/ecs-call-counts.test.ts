/**
 * The ECS source makes the minimum number of calls (ecs-expected-calls.ts computes them from the account model):
 * on the fixture, on an account that crosses every batch limit, and on random accounts.
 */
import fc from 'fast-check';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import type { AccountModel } from '../../emulator/aws/account';
import { startAwsEmulator } from '../../emulator/aws/server';
import { destroyClients, ecsAccount, ecsClients, revisionArn } from './ecs-fixture';
import { expectedCalls } from './ecs-expected-calls';
import { accountSpec, buildAccount } from './ecs-random-account';

/**
 * The fixture, grown so that every batch limit is crossed: 24 services in one cluster (DescribeServices by 10),
 * 130 running tasks (by 100), 23 service deployments and 25 service revisions (by 20).
 */
function largerAccount(): AccountModel {
  const account = ecsAccount();
  const prod = account.ecs.clusters.find((c) => c.name === 'prod');
  if (!prod) throw new Error('fixture has no prod cluster');
  for (let i = 11; i < 21; i++) {
    const name = `svc-${i}`;
    const revision = (id: string) => {
      const arn = revisionArn('prod', name, id);
      prod.serviceRevisions?.push({ arn, taskDefinition: 'x', containerImages: [{ containerName: 'app', image: 'public.ecr.aws/a/b:1' }] });
      return arn;
    };
    const deployment = (id: string, target: string, source: string) => ({
      arn: `arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/${name}/${id}`, status: 'SUCCESSFUL',
      targetServiceRevisionArn: target, sourceServiceRevisionArns: [source], createdAt: i * 1000,
    });
    const [r1, r2] = [revision('r1'), revision('r2')];
    prod.services.push({
      name, deployments: [{ id: `ecs-svc/${name}`, status: 'PRIMARY', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/worker:2' }],
      serviceDeployments: [deployment('d1', r1, r2), deployment('d2', r2, r1)],
    });
  }
  for (let i = 0; i < 127; i++) {
    prod.tasks.push({ taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/extra${i}`, taskDefinitionArn: 'x', lastStatus: 'RUNNING',
      containers: [{ name: 'app', image: 'public.ecr.aws/a/b:1' }] });
  }
  return account;
}

describe('ECS live source call counts', () => {
  it.each([
    ['the fixture', 2, 3, ecsAccount],
    ['the fixture', 3, 5, ecsAccount],
    ['the fixture', 3, 1, ecsAccount],
    ['a larger account', 2, 3, largerAccount],
    ['a larger account', 100, 2, largerAccount],
  ])('reads %s with the minimum calls per API (page size %i, newest %i)', async (_name, pageSize, keep, build) => {
    const account = build();
    const emulator = await startAwsEmulator({ account, pageSize, quotas: {} });
    const clients = ecsClients(emulator);
    try {
      await new EcsLiveSource(clients).collect({ clusters: ['*'], keepTaskDefinitionRevisions: keep });
      expect(Object.fromEntries([...emulator.calls].sort())).toEqual(
        Object.fromEntries(Object.entries(expectedCalls(account, pageSize, keep)).filter(([, n]) => n > 0).sort()));
    } finally {
      destroyClients(clients);
      await emulator.close();
    }
  });
});

describe('ECS live source call counts on random accounts', () => {
  it('are the minimum for any account, page size and number of revisions kept', async () => {
    await fc.assert(fc.asyncProperty(accountSpec, fc.constantFrom(2, 3), fc.integer({ min: 1, max: 4 }), async (spec, pageSize, keep) => {
      const account = buildAccount(spec);
      const emulator = await startAwsEmulator({ account, pageSize, quotas: {} });
      const clients = ecsClients(emulator);
      try {
        await new EcsLiveSource(clients).collect({ clusters: ['*'], keepTaskDefinitionRevisions: keep });
        expect(Object.fromEntries([...emulator.calls].sort())).toEqual(
          Object.fromEntries(Object.entries(expectedCalls(account, pageSize, keep)).filter(([, n]) => n > 0).sort()));
      } finally {
        destroyClients(clients);
        await emulator.close();
      }
    }), { numRuns: 15 });
  });
});
