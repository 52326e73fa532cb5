/**
 * The ECS source under faults: throttles, 5xx and hung calls are retried and the result is complete (identical to a
 * fault-free read); a call that keeps failing fails the whole source with a LiveSourceError naming it, so that the
 * run deletes nothing.
 */
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference } from '../../lambda/core/model';
import type { LiveSettings } from '../../lambda/core/policy';
import type { ClientSettings } from '../../lambda/adapters/common/clients';
import type { Fault } from '../../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { destroyClients, ecsAccount, ecsClients } from './ecs-fixture';

const everyCluster: LiveSettings = { ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 3 }, lambda: false, batch: false };
const namedClusters: LiveSettings = { ecs: { clusters: ['prod', 'batch'], keepTaskDefinitionRevisions: 3 }, lambda: false, batch: false };
const services = ['ecs', 'events', 'scheduler'];
const sorted = (references: readonly LiveReference[]) =>
  [...references].map((r) => JSON.stringify(r)).sort();

describe('ECS live source under faults', () => {
  let emulator: AwsEmulator;
  let faultFree: string[];
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: ecsAccount(), pageSize: 3, quotas: {}, hangMs: 10_000, seed: 42 });
    faultFree = sorted(await collect(everyCluster));
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.setFaults([]);
    emulator.resetCounters();
  });

  async function collect(live: LiveSettings, settings: ClientSettings = {}): Promise<readonly LiveReference[]> {
    const clients = ecsClients(emulator, settings);
    try {
      return await new EcsLiveSource(clients).collect(live.ecs ?? { clusters: [], keepTaskDefinitionRevisions: 1 });
    } finally {
      destroyClients(clients);
    }
  }
  /** Faults of one kind injected so far into one service's calls. */
  const injected = (service: string, kind: string) => [...emulator.faults.injected]
    .filter(([key]) => key.startsWith(`${service}.`) && key.endsWith(`:${kind}`)).reduce((n, [, c]) => n + c, 0);

  it.each([
    ['throttles', 'throttle'],
    ['server errors', 'server-error'],
  ] as const)('retries %s on every API and still returns the complete result', async (_name, kind) => {
    const before = services.map((service) => injected(service, kind));
    // Each service's first call is faulted for sure (the services are read concurrently, so which call draws which
    // random number depends on arrival order), then a quarter of the rest.
    emulator.setFaults(services.flatMap((service): Fault[] => [{ service, kind, rate: 1, remaining: 1 }, { service, kind, rate: 0.25, remaining: 30 }]));
    expect(sorted(await collect(everyCluster))).toEqual(faultFree);
    const during = services.map((service, index) => injected(service, kind) - (before[index] ?? 0));
    expect(Math.min(...during)).toBeGreaterThan(0);
    expect(during.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
  });

  it('abandons a hung call after its timeout and retries it', async () => {
    emulator.setFaults([{ service: 'ecs', operation: 'DescribeTaskDefinition', kind: 'hang', rate: 1, remaining: 2 }]);
    const started = performance.now();
    expect(sorted(await collect(everyCluster, { requestTimeoutMs: 200 }))).toEqual(faultFree);
    // The emulator holds a hung call for 10 s: finishing well before means the client gave up on its own.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(emulator.calls.get('ecs.DescribeTaskDefinition')).toBe(17 + 2);
  });

  it.each([
    ['ecs', 'ListClusters', everyCluster, /^ListClusters$/],
    ['ecs', 'DescribeClusters', namedClusters, /^DescribeClusters prod, batch$/],
    ['ecs', 'ListTasks', everyCluster, /^ListTasks on cluster \w+$/],
    ['ecs', 'DescribeTasks', everyCluster, /^DescribeTasks on cluster \w+$/],
    ['ecs', 'ListServices', everyCluster, /^ListServices on cluster \w+$/],
    ['ecs', 'DescribeServices', everyCluster, /^DescribeServices on cluster \w+$/],
    ['ecs', 'ListServiceDeployments', everyCluster, /^ListServiceDeployments on cluster \w+ service [\w-]+$/],
    ['ecs', 'DescribeServiceDeployments', everyCluster, /^DescribeServiceDeployments d\d/],
    ['ecs', 'DescribeServiceRevisions', everyCluster, /^DescribeServiceRevisions \w+/],
    ['ecs', 'ListTaskDefinitionFamilies', everyCluster, /^ListTaskDefinitionFamilies$/],
    ['ecs', 'ListTaskDefinitions', everyCluster, /^ListTaskDefinitions of family [\w-]+$/],
    ['ecs', 'DescribeTaskDefinition', everyCluster, /^DescribeTaskDefinition [\w-]+:\d+$/],
    ['ecs', 'ListDaemons', everyCluster, /^ListDaemons on cluster \w+$/],
    ['ecs', 'DescribeDaemon', everyCluster, /^DescribeDaemon \w+ on cluster batch$/],
    ['ecs', 'DescribeDaemonRevisions', everyCluster, /^DescribeDaemonRevisions \d+/],
    ['ecs', 'DescribeDaemonTaskDefinition', everyCluster, /^DescribeDaemonTaskDefinition monitor-agent:\d$/],
    ['events', 'ListEventBuses', everyCluster, /^ListEventBuses$/],
    ['events', 'ListRules', everyCluster, /^ListRules on event bus \w+$/],
    ['events', 'ListTargetsByRule', everyCluster, /^ListTargetsByRule events rule\/\w+\/[\w-]+$/],
    ['scheduler', 'ListSchedules', everyCluster, /^ListSchedules$/],
    ['scheduler', 'GetSchedule', everyCluster, /^GetSchedule \w+\/[\w-]+$/],
  ])('fails the whole source when %s %s keeps failing', async (service, operation, live, what) => {
    emulator.setFaults([{ service, operation, kind: 'server-error', rate: 1 }]);
    const failure = await collect(live, { maxAttempts: 2 }).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(LiveSourceError);
    expect(failure).toMatchObject({ source: 'ecs', what: expect.stringMatching(what) });
    expect((failure as LiveSourceError).cause).toMatchObject({ name: 'InternalFailure' });
  });

  it('fails when throttling outlasts the retries', async () => {
    emulator.setFaults([{ service: 'ecs', operation: 'DescribeTaskDefinition', kind: 'throttle', rate: 1 }]);
    await expect(collect(everyCluster, { maxAttempts: 3 })).rejects.toMatchObject({
      name: 'LiveSourceError', cause: expect.objectContaining({ name: 'ThrottlingException' }),
    });
  });
});
