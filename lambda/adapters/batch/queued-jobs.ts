/**
 * Queued AWS Batch jobs: a job in SUBMITTED, PENDING, RUNNABLE or STARTING has not pulled its image yet, and it will
 * start even if its job definition has been deregistered since it was submitted (deregistering stops new
 * submissions, not queued jobs). So every queued job's images are live, whatever its definition's status.
 * DescribeJobQueues → ListJobs per queue and status (up to 1000 per page with a status) → DescribeJobs (≤ 100 IDs).
 */
import {
  type BatchClient, DescribeJobsCommand, type JobDetail, type JobStatus, paginateDescribeJobQueues, paginateListJobs,
} from '@aws-sdk/client-batch';
import type { LiveReference } from '../../core/model';
import { chunk } from '../common/calls';
import { LiveSourceError } from '../common/errors';
import { allItems } from '../common/pages';
import { jobImages } from './job-definition-images';

export const QUEUED_STATUSES: readonly JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING'];
const LIST_PAGE = 1000;
const QUEUE_PAGE = 100;
const DESCRIBE_BATCH = 100;

export async function queuedJobReferences(client: BatchClient): Promise<LiveReference[]> {
  const queues = await read('DescribeJobQueues', () =>
    allItems(paginateDescribeJobQueues({ client, pageSize: QUEUE_PAGE }, {}), (page) => page.jobQueues));
  const ids: string[] = [];
  for (const queue of queues) {
    const name = queue.jobQueueName ?? queue.jobQueueArn ?? '';
    for (const jobStatus of QUEUED_STATUSES) {
      const summaries = await read(`ListJobs (queue ${name}, status ${jobStatus})`, () =>
        allItems(paginateListJobs({ client, pageSize: LIST_PAGE }, { jobQueue: queue.jobQueueArn ?? name, jobStatus }), (page) => page.jobSummaryList));
      for (const summary of summaries) if (summary.jobId) ids.push(summary.jobId);
    }
  }
  const jobs = await describeJobs(client, [...new Set(ids)]);
  return jobs.flatMap((job) => {
    const location = `batch job-queue/${queueNameOf(job.jobQueue)} job/${job.jobName ?? ''}:${job.jobId ?? ''} (${job.jobDefinition ?? ''})`;
    return jobImages(job).map((image) => ({ source: 'batch' as const, location, image }));
  });
}

/**
 * A listed job missing from DescribeJobs' answer cannot be read; the omission is undocumented, and taking it for
 * "no longer queued" could delete the image it is about to pull, so it fails the source.
 */
async function describeJobs(client: BatchClient, ids: readonly string[]): Promise<JobDetail[]> {
  const jobs: JobDetail[] = [];
  for (const batch of chunk(ids, DESCRIBE_BATCH)) {
    const answer = await read(`DescribeJobs (${batch.length} queued jobs)`, () => client.send(new DescribeJobsCommand({ jobs: batch })));
    const described = new Set((answer.jobs ?? []).map((job) => job.jobId));
    const missing = batch.filter((id) => !described.has(id));
    if (missing.length > 0) throw new LiveSourceError('batch', `DescribeJobs (queued jobs ${missing.join(', ')} not in the answer)`);
    jobs.push(...(answer.jobs ?? []));
  }
  return jobs;
}

async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof LiveSourceError ? error : new LiveSourceError('batch', what, { cause: error });
  }
}

function queueNameOf(arn: string | undefined): string {
  return (arn ?? '').slice((arn ?? '').lastIndexOf('/') + 1);
}
