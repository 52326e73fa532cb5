/**
 * ECS task-definition reads: families, revisions (familyPrefix is a prefix, `sort` orders by family then revision),
 * and DescribeTaskDefinition by family (latest ACTIVE revision), `family:revision` or ARN. An INACTIVE or
 * DELETE_IN_PROGRESS revision is describable only while an active task or service references it (see describable).
 */
import type { AccountModel, EmuTaskDefinition } from '../account';
import { AwsEmulatorError, type OperationContext, type OperationHandler, paginate } from '../service';
import { arnOfTaskDefinition, checkMaxResults } from './ecs-common';

type FamilyStatus = 'ACTIVE' | 'INACTIVE' | 'ALL';

function byFamilyThenRevision(a: EmuTaskDefinition, b: EmuTaskDefinition): number {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  return a.revision - b.revision;
}

function familiesWithStatus(account: AccountModel, status: FamilyStatus): string[] {
  const families = [...new Set(account.ecs.taskDefinitions.map((definition) => definition.family))].sort();
  const hasActive = (family: string) =>
    account.ecs.taskDefinitions.some((definition) => definition.family === family && definition.status === 'ACTIVE');
  if (status === 'ALL') return families;
  return families.filter((family) => hasActive(family) === (status === 'ACTIVE'));
}

const listTaskDefinitionFamilies: OperationHandler = (input, ctx: OperationContext) => {
  const status = (input.status ?? 'ALL') as FamilyStatus;
  if (!['ACTIVE', 'INACTIVE', 'ALL'].includes(status)) throw new AwsEmulatorError('InvalidParameterException', 'Invalid status.');
  const prefix = String(input.familyPrefix ?? '');
  const families = familiesWithStatus(ctx.account, status).filter((family) => family.startsWith(prefix));
  const { page, nextToken } = paginate(families, input.nextToken, checkMaxResults(input.maxResults, 100), ctx);
  return { families: page, nextToken };
};

const listTaskDefinitions: OperationHandler = (input, ctx: OperationContext) => {
  const status = String(input.status ?? 'ACTIVE');
  const sort = String(input.sort ?? 'ASC');
  if (sort !== 'ASC' && sort !== 'DESC') throw new AwsEmulatorError('InvalidParameterException', 'Invalid sort.');
  const prefix = String(input.familyPrefix ?? '');
  const matching = ctx.account.ecs.taskDefinitions
    .filter((definition) => definition.status === status && definition.family.startsWith(prefix))
    .sort(byFamilyThenRevision);
  if (sort === 'DESC') matching.reverse();
  const arns = matching.map((definition) => arnOfTaskDefinition(ctx.account, definition));
  const { page, nextToken } = paginate(arns, input.nextToken, checkMaxResults(input.maxResults, 100), ctx);
  return { taskDefinitionArns: page, nextToken };
};

/** `family`, `family:revision`, or an ARN with or without its revision. */
export function findTaskDefinition(account: AccountModel, reference: string): EmuTaskDefinition | undefined {
  const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':task-definition/') + 17) : reference;
  const [family, revision] = path.split(':');
  const revisions = account.ecs.taskDefinitions.filter((definition) => definition.family === family);
  if (revision !== undefined) return revisions.find((definition) => String(definition.revision) === revision);
  return revisions.filter((definition) => definition.status === 'ACTIVE').sort(byFamilyThenRevision).pop();
}

/**
 * DescribeTaskDefinition API reference (and the SDK model's doc of DescribeTaskDefinitionCommand): "You can only
 * describe INACTIVE task definitions while an active task or service references them." A DELETE_IN_PROGRESS revision
 * nothing references any more is deleted (task-definition-state.html: ECS "deletes the task definition permanently"
 * once no active task or deployment references it), so it is not describable either. "Active" is read as: a task
 * that is not STOPPED, a service deployment that is not INACTIVE (fully replaced), or a task set.
 */
function describable(account: AccountModel, definition: EmuTaskDefinition): boolean {
  if (definition.status === 'ACTIVE') return true;
  const arn = arnOfTaskDefinition(account, definition);
  return account.ecs.clusters.some((cluster) =>
    cluster.tasks.some((task) => task.lastStatus !== 'STOPPED' && task.taskDefinitionArn === arn)
    || cluster.services.some((service) =>
      service.deployments.some((deployment) => deployment.status !== 'INACTIVE' && deployment.taskDefinition === arn)
      || (service.taskSets ?? []).some((taskSet) => taskSet.taskDefinition === arn)));
}

const describeTaskDefinition: OperationHandler = (input, ctx: OperationContext) => {
  const definition = findTaskDefinition(ctx.account, String(input.taskDefinition ?? ''));
  // ECS answers an unknown or no-longer-describable revision with ClientException "Unable to describe task
  // definition." (the answer as AWS CLI, Terraform and SDK users report it; the API reference names only ClientException).
  if (!definition || !describable(ctx.account, definition)) throw new AwsEmulatorError('ClientException', 'Unable to describe task definition.');
  return {
    taskDefinition: {
      taskDefinitionArn: arnOfTaskDefinition(ctx.account, definition),
      family: definition.family,
      revision: definition.revision,
      status: definition.status,
      containerDefinitions: definition.containerDefinitions.map((container) => ({ ...container })),
    },
    tags: [],
  };
};

export const taskDefinitionOperations: Readonly<Record<string, OperationHandler>> = {
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  ListTaskDefinitions: listTaskDefinitions,
  DescribeTaskDefinition: describeTaskDefinition,
};
