/**
 * The ECS source under ECS's own quotas (AWS_LIKE_QUOTAS: task-definition-read burst 50, 20/s, …) with 200 distinct
 * task definitions to describe: the bucket runs dry after the burst, the throttles are retried, and the source
 * completes with every reference. This file takes ~10 s by nature: 200 describes at 20/s after a burst of 50.
 */
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { type AccountModel, emptyAccount, taskDefinitionArn } from '../../emulator/aws/account';
import { AWS_LIKE_QUOTAS } from '../../emulator/aws/limits';
import { startAwsEmulator } from '../../emulator/aws/server';
import { ACCOUNT, destroyClients, ecsClients, REGION, REGISTRY } from './ecs-fixture';

const FAMILIES = 20;
const SERVICES = 50;

/**
 * 20 families × 10 ACTIVE revisions: the newest 5 of each come from the catalogue (100), the 5 older ones from the
 * deployments of 50 services, two each (100 more): 200 distinct task definitions, each to be described once.
 */
function accountWith200TaskDefinitions(): AccountModel {
  const account = emptyAccount(ACCOUNT, REGION);
  for (let f = 0; f < FAMILIES; f++) {
    for (let revision = 1; revision <= 10; revision++) {
      account.ecs.taskDefinitions.push({ family: `family-${String(f).padStart(2, '0')}`, revision, status: 'ACTIVE',
        containerDefinitions: [{ name: 'app', image: `${REGISTRY}/family-${f}:v${revision}` }] });
    }
  }
  const old = account.ecs.taskDefinitions.filter((d) => d.revision <= 5);
  const arnOf = (index: number) => {
    const definition = old[index];
    if (!definition) throw new Error(`no old revision ${index}`);
    return taskDefinitionArn(account, definition.family, definition.revision);
  };
  const services = Array.from({ length: SERVICES }, (_, s) => ({
    name: `service-${s}`,
    deployments: [
      { id: `ecs-svc/${s}-a`, status: 'PRIMARY' as const, taskDefinition: arnOf(2 * s) },
      { id: `ecs-svc/${s}-b`, status: 'ACTIVE' as const, taskDefinition: arnOf(2 * s + 1) },
    ],
  }));
  account.ecs.clusters = [{ name: 'big', services, tasks: [] }];
  return account;
}

describe('ECS live source under AWS-like quotas', () => {
  it('describes 200 distinct task definitions through the throttles and returns them all', async () => {
    const emulator = await startAwsEmulator({ account: accountWith200TaskDefinitions(), pageSize: 3, quotas: AWS_LIKE_QUOTAS });
    // Production retry (adaptive, 8 attempts): its client-side rate limiter is what keeps the run inside the bucket.
    const clients = ecsClients(emulator, { fixedBackoffMs: undefined });
    try {
      const started = performance.now();
      const references = await new EcsLiveSource(clients).collect({ clusters: ['*'], keepTaskDefinitionRevisions: 5 });
      const seconds = (performance.now() - started) / 1000;
      const described = new Set(references.flatMap((r) => /task-definition\/(\S+)/.exec(r.location)?.[1] ?? []));
      const throttled = Object.fromEntries(emulator.throttled);
      console.log(`200 task definitions: ${seconds.toFixed(1)} s, ${emulator.totalCalls()} calls, throttled ${JSON.stringify(throttled)}`);
      expect(described.size).toBe(200);
      expect(emulator.throttled.get('ecs.DescribeTaskDefinition') ?? 0).toBeGreaterThan(0);
      const describeCalls = emulator.calls.get('ecs.DescribeTaskDefinition') ?? 0;
      expect(describeCalls - (emulator.throttled.get('ecs.DescribeTaskDefinition') ?? 0)).toBe(200);
    } finally {
      destroyClients(clients);
      await emulator.close();
    }
  });
});
