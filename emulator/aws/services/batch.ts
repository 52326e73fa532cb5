/**
 * AWS Batch (REST-JSON, signing name `batch`): DescribeJobDefinitions with its two exclusive ways of asking,
 * filters (`jobDefinitionName`, `status`, `maxResults` 1..100, `nextToken`) or a list of ≤ 100 definitions; and the
 * job reads (batch-jobs.ts) that find queued jobs.
 */
import type { AccountModel, EmuBatchJobDefinition } from '../account';
import { AwsEmulatorError, type OperationContext, paginate, type ServiceDefinition } from '../service';
import { describeJobQueues, describeJobs, listJobs } from './batch-jobs';

interface DescribeJobDefinitionsInput {
  jobDefinitions?: string[];
  maxResults?: number;
  jobDefinitionName?: string;
  status?: string;
  nextToken?: string;
}

function jobDefinitionArn(account: AccountModel, name: string, revision: number): string {
  return `arn:aws:batch:${account.region}:${account.accountId}:job-definition/${name}:${revision}`;
}

/** An entry of `jobDefinitions`: an ARN or `name:revision` (a bare name matches every revision). */
function matchesEntry(account: AccountModel, definition: EmuBatchJobDefinition, entry: string): boolean {
  const short = entry.startsWith('arn:') ? entry.slice(entry.indexOf('job-definition/') + 'job-definition/'.length) : entry;
  const [name, revision] = short.split(':');
  if (name !== definition.jobDefinitionName) return false;
  return revision === undefined || Number(revision) === definition.revision || entry === jobDefinitionArn(account, name, definition.revision);
}

function validate(input: DescribeJobDefinitionsInput): void {
  const listed = input.jobDefinitions !== undefined && input.jobDefinitions.length > 0;
  const filtered = input.maxResults !== undefined || input.jobDefinitionName !== undefined
    || input.status !== undefined || input.nextToken !== undefined;
  if (listed && filtered) {
    throw new AwsEmulatorError('ClientException', 'jobDefinitions cannot be specified with other parameters');
  }
  if (listed && (input.jobDefinitions?.length ?? 0) > 100) {
    throw new AwsEmulatorError('ClientException', 'jobDefinitions can contain at most 100 entries');
  }
  if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > 100)) {
    throw new AwsEmulatorError('ClientException', 'maxResults must be between 1 and 100');
  }
  if (input.status !== undefined && input.status !== 'ACTIVE' && input.status !== 'INACTIVE') {
    throw new AwsEmulatorError('ClientException', `status must be ACTIVE or INACTIVE: ${input.status}`);
  }
}

function describe(account: AccountModel, definition: EmuBatchJobDefinition) {
  return {
    jobDefinitionName: definition.jobDefinitionName,
    jobDefinitionArn: jobDefinitionArn(account, definition.jobDefinitionName, definition.revision),
    revision: definition.revision,
    status: definition.status,
    type: definition.type,
    ...definition.properties,
  };
}

function describeJobDefinitions(input: DescribeJobDefinitionsInput, ctx: OperationContext) {
  validate(input);
  const { account } = ctx;
  const selected = account.batch.jobDefinitions.filter((definition) =>
    input.jobDefinitions?.length
      ? input.jobDefinitions.some((entry) => matchesEntry(account, definition, entry))
      : (input.status === undefined || definition.status === input.status)
        && (input.jobDefinitionName === undefined || definition.jobDefinitionName === input.jobDefinitionName));
  const { page, nextToken } = paginateOrClientError(selected, input, ctx);
  return { jobDefinitions: page.map((definition) => describe(account, definition)), ...(nextToken ? { nextToken } : {}) };
}

/** Batch reports a bad nextToken as a ClientException like every other client fault. */
function paginateOrClientError<T>(items: readonly T[], input: DescribeJobDefinitionsInput, ctx: OperationContext) {
  try {
    return paginate(items, input.nextToken, input.maxResults, ctx, 100);
  } catch (error) {
    if (error instanceof AwsEmulatorError) throw new AwsEmulatorError('ClientException', error.message);
    throw error;
  }
}

export const batch: ServiceDefinition = {
  signingName: 'batch',
  protocol: 'rest-json',
  routes: [
    { method: 'POST', path: '/v1/describejobdefinitions', operation: 'DescribeJobDefinitions' },
    { method: 'POST', path: '/v1/describejobqueues', operation: 'DescribeJobQueues' },
    { method: 'POST', path: '/v1/listjobs', operation: 'ListJobs' },
    { method: 'POST', path: '/v1/describejobs', operation: 'DescribeJobs' },
  ],
  operations: { DescribeJobDefinitions: describeJobDefinitions, DescribeJobQueues: describeJobQueues, ListJobs: listJobs, DescribeJobs: describeJobs },
  throttleError: { code: 'TooManyRequestsException', status: 429 },
};
