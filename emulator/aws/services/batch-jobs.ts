/**
 * AWS Batch job reads (Batch API reference): DescribeJobQueues ("A list of up to 100 queue names or full queue
 * ARN entries", or `maxResults` 1..100 with `nextToken`), ListJobs (one `jobQueue`, one `jobStatus`; "When
 * --job-status is used, Batch returns up to 1000 values" per page; without a status it lists RUNNING jobs), and
 * DescribeJobs ("A list of up to 100 job IDs"). Client faults answer ClientException (400), as Batch does.
 */
import type { AccountModel } from '../account';
import { AwsEmulatorError, type OperationContext, paginate } from '../service';

const JOB_STATUSES = new Set(['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED']);

function queueArn(account: AccountModel, name: string): string {
  return `arn:aws:batch:${account.region}:${account.accountId}:job-queue/${name}`;
}

function pageOrClientError<T>(items: readonly T[], nextToken: string | undefined, maxResults: number | undefined, ctx: OperationContext, defaultMax: number) {
  try {
    return paginate(items, nextToken, maxResults, ctx, defaultMax);
  } catch (error) {
    if (error instanceof AwsEmulatorError) throw new AwsEmulatorError('ClientException', error.message);
    throw error;
  }
}

export function describeJobQueues(input: { jobQueues?: string[]; maxResults?: number; nextToken?: string }, ctx: OperationContext) {
  if (input.maxResults !== undefined && (!Number.isInteger(input.maxResults) || input.maxResults < 1 || input.maxResults > 100)) {
    throw new AwsEmulatorError('ClientException', 'maxResults must be between 1 and 100');
  }
  if ((input.jobQueues?.length ?? 0) > 100) throw new AwsEmulatorError('ClientException', 'jobQueues can contain at most 100 entries');
  const names = (ctx.account.batch.jobQueues ?? []).filter((name) =>
    !input.jobQueues?.length || input.jobQueues.some((entry) => entry === name || entry === queueArn(ctx.account, name)));
  const { page, nextToken } = pageOrClientError(names, input.nextToken, input.maxResults, ctx, 100);
  return {
    // JobQueueDetail's required fields (Batch API reference): name, ARN, state, priority, computeEnvironmentOrder.
    jobQueues: page.map((name) => ({ jobQueueName: name, jobQueueArn: queueArn(ctx.account, name), state: 'ENABLED', status: 'VALID', priority: 1, computeEnvironmentOrder: [] })),
    ...(nextToken ? { nextToken } : {}),
  };
}

/**
 * A queue named by name or ARN. Undocumented: the ListJobs reference does not say how an unknown jobQueue is answered;
 * refusing (ClientException) is the safe side, so a reader cannot take a typo for an empty queue.
 */
function queueName(account: AccountModel, entry: string | undefined): string {
  const name = (account.batch.jobQueues ?? []).find((candidate) => entry === candidate || entry === queueArn(account, candidate));
  if (!name) throw new AwsEmulatorError('ClientException', `Job queue ${entry ?? '(none)'} does not exist`);
  return name;
}

interface ListJobsInput {
  jobQueue?: string;
  jobStatus?: string;
  maxResults?: number;
  nextToken?: string;
  filters?: unknown;
  arrayJobId?: string;
  multiNodeJobId?: string;
}

export function listJobs(input: ListJobsInput, ctx: OperationContext) {
  // With `filters` ListJobs ignores jobStatus and lists every status; arrayJobId / multiNodeJobId list child jobs
  // (Batch API reference). Neither is modelled: refused, never answered with a silently different listing.
  if (input.filters !== undefined || input.arrayJobId !== undefined || input.multiNodeJobId !== undefined) {
    throw new AwsEmulatorError('ClientException', 'filters, arrayJobId and multiNodeJobId are not emulated');
  }
  const queue = queueName(ctx.account, input.jobQueue);
  if (input.jobStatus !== undefined && !JOB_STATUSES.has(input.jobStatus)) {
    throw new AwsEmulatorError('ClientException', `jobStatus is not valid: ${input.jobStatus}`);
  }
  if (input.maxResults !== undefined && (!Number.isInteger(input.maxResults) || input.maxResults < 1)) {
    throw new AwsEmulatorError('ClientException', 'maxResults must be a whole number of at least 1');
  }
  const status = input.jobStatus ?? 'RUNNING';
  const jobs = (ctx.account.batch.jobs ?? []).filter((job) => job.jobQueue === queue && job.status === status);
  const { page, nextToken } = pageOrClientError(jobs, input.nextToken, input.maxResults, ctx, 1000);
  return {
    jobSummaryList: page.map((job) => ({
      jobArn: `arn:aws:batch:${ctx.account.region}:${ctx.account.accountId}:job/${job.jobId}`,
      jobId: job.jobId, jobName: job.jobName, status: job.status, createdAt: 1735689600000, jobDefinition: job.jobDefinition,
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

/**
 * Jobs Batch no longer holds are left out of the answer rather than failing it: undocumented, and the caller must
 * not read an omission as "not queued" (the adapter fails closed on it).
 */
export function describeJobs(input: { jobs?: string[] }, ctx: OperationContext) {
  const ids = input.jobs ?? [];
  if (ids.length === 0 || ids.length > 100) throw new AwsEmulatorError('ClientException', 'jobs must list 1 to 100 job IDs');
  const found = (ctx.account.batch.jobs ?? []).filter((job) => ids.includes(job.jobId));
  return {
    jobs: found.map((job) => ({
      jobArn: `arn:aws:batch:${ctx.account.region}:${ctx.account.accountId}:job/${job.jobId}`,
      jobId: job.jobId, jobName: job.jobName, jobQueue: queueArn(ctx.account, job.jobQueue), status: job.status,
      // JobDetail: startedAt is when the job went from STARTING to RUNNING, so a queued job has none; createdAt is when
      // it was submitted (Batch API reference).
      jobDefinition: job.jobDefinition, createdAt: 1735689600000, ...(['RUNNING', 'SUCCEEDED', 'FAILED'].includes(job.status) ? { startedAt: 1735693200000 } : {}), ...job.properties,
    })),
  };
}
