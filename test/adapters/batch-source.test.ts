import { BatchClient, DescribeJobDefinitionsCommand, type JobDefinition } from '@aws-sdk/client-batch';
import fc from 'fast-check';
import { BatchLiveSource } from '../../lambda/adapters/batch/source';
import { jobDefinitionImages } from '../../lambda/adapters/batch/job-definition-images';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { LiveSourceError } from '../../lambda/adapters/common/errors';
import type { LiveReference } from '../../lambda/core/model';
import { type EmuBatchJobDefinition, emptyAccount, registryHost } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const account = emptyAccount('111122223333', 'eu-west-1');
const REGISTRY = registryHost(account);
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const img = (name: string) => `${REGISTRY}/batch/${name}:1`;

function definition(name: string, revision: number, properties: Record<string, unknown>,
  status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE', type: 'container' | 'multinode' = 'container'): EmuBatchJobDefinition {
  return { jobDefinitionName: name, revision, status, type, properties };
}

/** One ACTIVE definition per image location, plus revisions and INACTIVE definitions that must not count. */
const jobDefinitions: EmuBatchJobDefinition[] = [
  definition('container', 1, { containerProperties: { image: img('container-old') } }, 'INACTIVE'),
  definition('container', 2, { containerProperties: { image: img('container') } }),
  definition('multinode', 1, {
    nodeProperties: {
      numNodes: 3, mainNode: 0,
      nodeRangeProperties: [
        { targetNodes: '0', container: { image: img('node-container') } },
        { targetNodes: '1', ecsProperties: { taskProperties: [{ containers: [{ name: 'a', image: img('node-ecs-a') }, { name: 'b', image: img('node-ecs-b') }] }] } },
        { targetNodes: '2', eksProperties: { podProperties: { containers: [{ image: img('node-eks') }], initContainers: [{ image: img('node-eks-init') }] } } },
      ],
    },
  }, 'ACTIVE', 'multinode'),
  definition('ecs', 4, { ecsProperties: { taskProperties: [{ containers: [{ name: 'main', image: img('ecs') }, { name: 'sidecar', image: img('ecs-sidecar') }] }] } }),
  definition('eks', 1, { eksProperties: { podProperties: { containers: [{ image: img('eks') }], initContainers: [{ image: img('eks-init') }] } } }),
  definition('retired', 7, { containerProperties: { image: img('retired') } }, 'INACTIVE'),
  definition('same-image-twice', 1, { ecsProperties: { taskProperties: [{ containers: [{ name: 'a', image: img('shared') }, { name: 'b', image: img('shared') }] }] } }),
  definition('public', 1, { containerProperties: { image: 'public.ecr.aws/docker/library/busybox:1.36' } }),
];

function batchClient(emulator: AwsEmulator, maxAttempts?: number) {
  return new BatchClient(commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) }));
}

const byLocation = (references: readonly LiveReference[]) => {
  const grouped: Record<string, string[]> = {};
  for (const r of references) (grouped[r.location] ??= []).push(r.image);
  return grouped;
};

describe('Batch live source', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: { ...account, batch: { jobDefinitions } }, pageSize: 2, quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('yields the images of all six locations of every ACTIVE job definition, each once per definition', async () => {
    const references = await new BatchLiveSource({ client: batchClient(emulator) }).collect();
    expect(byLocation(references)).toEqual({
      'batch job-definition/container:2': [img('container')],
      'batch job-definition/multinode:1': [img('node-container'), img('node-ecs-a'), img('node-ecs-b'), img('node-eks'), img('node-eks-init')],
      'batch job-definition/ecs:4': [img('ecs'), img('ecs-sidecar')],
      'batch job-definition/eks:1': [img('eks'), img('eks-init')],
      'batch job-definition/same-image-twice:1': [img('shared')],
      'batch job-definition/public:1': ['public.ecr.aws/docker/library/busybox:1.36'],
    });
    expect(references.every((r) => r.source === 'batch' && r.digest === undefined)).toBe(true);
  });

  it('ignores INACTIVE job definitions, older revisions included', async () => {
    const images = (await new BatchLiveSource({ client: batchClient(emulator) }).collect()).map((r) => r.image);
    expect(images).not.toContain(img('container-old'));
    expect(images).not.toContain(img('retired'));
  });

  it('reads each page once: ceil(6 ACTIVE / 2) DescribeJobDefinitions calls, and one DescribeJobQueues for no queue', async () => {
    await new BatchLiveSource({ client: batchClient(emulator) }).collect();
    expect(Object.fromEntries(emulator.calls)).toEqual({ 'batch.DescribeJobDefinitions': 3, 'batch.DescribeJobQueues': 1 });
  });

  it('retries throttling (429) and server errors', async () => {
    emulator.setFaults([
      { service: 'batch', kind: 'throttle', rate: 1, remaining: 2 },
      { service: 'batch', kind: 'server-error', rate: 1, remaining: 1 },
    ]);
    const references = await new BatchLiveSource({ client: batchClient(emulator) }).collect();
    expect(references).toHaveLength(12);
    expect(emulator.calls.get('batch.DescribeJobDefinitions')).toBe(3 + 3);
  });

  it('fails closed with a LiveSourceError when DescribeJobDefinitions keeps failing, even after some pages', async () => {
    // The first page is answered, then Batch throttles for good: the first page must not come back as a partial answer.
    const client = batchClient(emulator, 3);
    client.middlewareStack.add((next) => async (args) => {
      const answer = await next(args);
      emulator.setFaults([{ service: 'batch', kind: 'throttle', rate: 1 }]);
      return answer;
    }, { step: 'initialize' });
    const failing = new BatchLiveSource({ client }).collect();
    await expect(failing).rejects.toBeInstanceOf(LiveSourceError);
    await expect(failing).rejects.toThrow(/batch: could not read DescribeJobDefinitions \(status ACTIVE\).*TooManyRequestsException/);
  });

});

describe('emulated DescribeJobDefinitions', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: { ...account, batch: { jobDefinitions } }, pageSize: 1000, quotas: {} });
  });
  afterAll(() => emulator.close());

  it.each([
    ['maxResults above 100', { maxResults: 101 }],
    ['jobDefinitions combined with a filter', { jobDefinitions: ['eks:1'], status: 'ACTIVE' }],
    ['more than 100 jobDefinitions', { jobDefinitions: Array.from({ length: 101 }, (_, i) => `x:${i}`) }],
  ])('rejects %s as Batch does', async (_case, input) => {
    await expect(batchClient(emulator).send(new DescribeJobDefinitionsCommand(input))).rejects.toMatchObject({ name: 'ClientException' });
  });

  it('looks definitions up by name:revision and by ARN', async () => {
    const arn = `arn:aws:batch:${account.region}:${account.accountId}:job-definition/ecs:4`;
    const answer = await batchClient(emulator).send(new DescribeJobDefinitionsCommand({ jobDefinitions: ['container:1', arn] }));
    expect(answer.jobDefinitions?.map((d) => `${d.jobDefinitionName}:${d.revision}:${d.status}`)).toEqual(['container:1:INACTIVE', 'ecs:4:ACTIVE']);
  });
});

describe('job definition images', () => {
  it('finds exactly the images placed in any of the six locations', () => {
    const image = fc.constantFrom(...['a', 'b', 'c', 'd', 'e'].map(img));
    const containers = fc.array(image.map((i) => ({ name: 'c', image: i })), { maxLength: 3 });
    const ecs = fc.option(fc.record({ taskProperties: fc.array(fc.record({ containers }), { maxLength: 2 }) }), { nil: undefined });
    const eks = fc.option(fc.record({ podProperties: fc.record({ containers, initContainers: containers }) }), { nil: undefined });
    const container = fc.option(image.map((i) => ({ image: i })), { nil: undefined });
    const range = fc.record({ container, ecsProperties: ecs, eksProperties: eks });
    const jobDefinition = fc.record({
      containerProperties: container,
      nodeProperties: fc.option(fc.record({ nodeRangeProperties: fc.array(range, { maxLength: 3 }) }), { nil: undefined }),
      ecsProperties: ecs,
      eksProperties: eks,
    });
    fc.assert(fc.property(jobDefinition, (generated) => {
      const placed = new Set(JSON.stringify(generated).match(new RegExp(`${REGISTRY.replace(/\./g, '\\.')}/batch/[a-e]:1`, 'g')) ?? []);
      const found = jobDefinitionImages({ jobDefinitionName: 'x', jobDefinitionArn: 'x', revision: 1, type: 'container', ...generated } as JobDefinition);
      expect(new Set(found)).toEqual(placed);
      expect(found).toHaveLength(placed.size);
    }));
  });
});
