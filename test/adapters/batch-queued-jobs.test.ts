/**
 * Queued AWS Batch jobs (SUBMITTED, PENDING, RUNNABLE, STARTING) start even when their job definition was
 * deregistered after submission: their images are live. Read over the real SDK client against the emulator.
 */
import { BatchClient, ListJobsCommand } from '@aws-sdk/client-batch';
import { BatchLiveSource } from '../../lambda/adapters/batch/source';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { type EmuBatchJob, type EmuBatchJobDefinition, emptyAccount, registryHost } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const account = emptyAccount('111122223333', 'eu-west-1');
const REGISTRY = registryHost(account);
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const img = (name: string) => `${REGISTRY}/batch/${name}:1`;
const definitionArn = (name: string, revision: number) => `arn:aws:batch:${account.region}:${account.accountId}:job-definition/${name}:${revision}`;

const jobDefinitions: EmuBatchJobDefinition[] = [
  { jobDefinitionName: 'nightly', revision: 1, status: 'INACTIVE', type: 'container', properties: { containerProperties: { image: img('nightly-old') } } },
  { jobDefinitionName: 'nightly', revision: 2, status: 'ACTIVE', type: 'container', properties: { containerProperties: { image: img('nightly') } } },
];

function job(jobId: string, jobQueue: string, status: EmuBatchJob['status'], properties: Record<string, unknown>, definition = definitionArn('nightly', 1)): EmuBatchJob {
  return { jobId, jobName: `job-${jobId}`, jobQueue, status, jobDefinition: definition, properties };
}

/** Queued jobs in every queued status across two queues, an EKS job overriding its image, and jobs past the queue. */
const jobs: EmuBatchJob[] = [
  job('a1', 'high', 'SUBMITTED', { container: { image: img('nightly-old') } }),
  job('a2', 'high', 'PENDING', { container: { image: img('pending') } }),
  job('a3', 'high', 'RUNNABLE', { container: { image: img('runnable') } }),
  job('b1', 'low', 'STARTING', { ecsProperties: { taskProperties: [{ containers: [{ name: 'main', image: img('ecs-starting') }] }] } }),
  job('b2', 'low', 'RUNNABLE', { eksProperties: { podProperties: { containers: [{ name: 'c', image: img('eks-override') }] } } }),
  job('b3', 'low', 'RUNNABLE', { container: { image: img('runnable-2') } }),
  job('b4', 'low', 'RUNNABLE', { container: { image: img('runnable-3') } }),
  job('done', 'low', 'SUCCEEDED', { container: { image: img('succeeded') } }),
  job('fail', 'high', 'FAILED', { container: { image: img('failed') } }),
];

function batchClient(emulator: AwsEmulator, maxAttempts?: number) {
  return new BatchClient(commonClientConfig({ region: account.region, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) }));
}

describe('Batch live source and queued jobs', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: { ...account, batch: { jobDefinitions, jobQueues: ['high', 'low'], jobs } }, pageSize: 2, quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('the emulator refuses ListJobs filters it does not model, rather than listing something else', async () => {
    const listing = batchClient(emulator, 1).send(new ListJobsCommand({ jobQueue: 'high', filters: [{ name: 'JOB_NAME', values: ['x'] }] }));
    await expect(listing).rejects.toMatchObject({ name: 'ClientException' });
  });

  it('counts every queued job\'s images, one whose definition was deregistered included', async () => {
    const references = await new BatchLiveSource({ client: batchClient(emulator) }).collect();
    const queued = references.filter((r) => r.location.startsWith('batch job-queue/'));
    expect(queued.map((r) => r.image).sort()).toEqual(
      ['nightly-old', 'pending', 'runnable', 'ecs-starting', 'eks-override', 'runnable-2', 'runnable-3'].map(img).sort());
    expect(queued.find((r) => r.image === img('nightly-old'))?.location).toBe(`batch job-queue/high job/job-a1:a1 (${definitionArn('nightly', 1)})`);
  });

  it('does not count jobs that left the queue (SUCCEEDED, FAILED)', async () => {
    const images = (await new BatchLiveSource({ client: batchClient(emulator) }).collect()).map((r) => r.image);
    expect(images).not.toContain(img('succeeded'));
    expect(images).not.toContain(img('failed'));
  });

  it('lists each queue once per queued status, pages included, and describes the jobs 100 at a time', async () => {
    await new BatchLiveSource({ client: batchClient(emulator) }).collect();
    expect(emulator.calls.get('batch.DescribeJobQueues')).toBe(1);
    // 2 queues × 4 statuses, one page each except low/RUNNABLE (3 jobs, 2 per page).
    expect(emulator.calls.get('batch.ListJobs')).toBe(2 * 4 + 1);
    expect(emulator.calls.get('batch.DescribeJobs')).toBe(1);
  });

  it.each(['DescribeJobQueues', 'ListJobs', 'DescribeJobs'])('fails closed with a LiveSourceError when %s keeps failing', async (operation) => {
    emulator.setFaults([{ service: 'batch', operation, kind: 'server-error', rate: 1 }]);
    const collecting = new BatchLiveSource({ client: batchClient(emulator, 2) }).collect();
    await expect(collecting).rejects.toMatchObject({ name: 'LiveSourceError', message: expect.stringContaining(`could not read ${operation}`) });
  });

  it('fails closed when a listed job is missing from DescribeJobs\' answer', async () => {
    const ghost = job('ghost', 'high', 'RUNNABLE', { container: { image: img('ghost') } });
    emulator.account.batch.jobs = [...jobs, ghost];
    const client = batchClient(emulator);
    // The job disappears between the listing and the describe.
    client.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'DescribeJobsCommand') emulator.account.batch.jobs = jobs;
      return next(args);
    }, { step: 'initialize' });
    try {
      await expect(new BatchLiveSource({ client }).collect()).rejects.toMatchObject({
        name: 'LiveSourceError', message: expect.stringContaining('queued jobs ghost not in the answer'),
      });
    } finally {
      emulator.account.batch.jobs = jobs;
    }
  });
});
