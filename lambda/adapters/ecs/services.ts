/**
 * Services of a cluster: what their deployments and task sets run (task definitions), which service revisions are
 * current, and which service deployments ECS still lists (its 90-day history) so that their target and source
 * revisions, the ones a rollback redeploys, can be read. Listing pages are read whole before describing, so that
 * DescribeServices always carries 10 services (its maximum) whatever the page size.
 */
import {
  DescribeServicesCommand, type ECSClient, InvalidParameterException, ListServiceDeploymentsCommand, paginateListServices,
  type Service, UnsupportedFeatureException,
} from '@aws-sdk/client-ecs';
import type { NoteSink } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import type { ClusterRef } from './clusters';
import { chunk, FAN_OUT, lastSegment, read, requireComplete, type RevisionUse, type TaskDefinitionUse } from './common';
import { allItems } from '../common/pages';

export interface ClusterServices {
  readonly taskDefinitionUses: readonly TaskDefinitionUse[];
  /** The revisions each service currently runs (`currentServiceRevisions`). */
  readonly currentRevisions: readonly RevisionUse[];
  /** Every service deployment ECS lists for these services, newest first per service. */
  readonly serviceDeploymentArns: readonly string[];
  /** `cluster/service` of the services created before service revisions existed (see revisions.ts). */
  readonly olderServices: readonly string[];
}

/** "You can't describe a service revision that was created before October 25, 2024." (DescribeServiceRevisions). */
export const SERVICE_REVISIONS_SINCE = new Date(Date.UTC(2024, 9, 25));

export async function readClusterServices(ecs: ECSClient, cluster: ClusterRef, note: NoteSink): Promise<ClusterServices> {
  const serviceArns = await read(`ListServices on cluster ${cluster.name}`, async () => {
    // ListServices answers 10 per page unless asked for more.
    return allItems(paginateListServices({ client: ecs, pageSize: 100 }, { cluster: cluster.arn }), (page) => page.serviceArns);
  });
  const described = await mapWithConcurrency(chunk(serviceArns, 10), FAN_OUT, (batch) => describeServices(ecs, cluster, batch));
  const services = described.flat();
  const deployments = await mapWithConcurrency(services, FAN_OUT, (service) => listServiceDeployments(ecs, cluster, service, note));
  return {
    taskDefinitionUses: services.flatMap((service) => taskDefinitionUsesOf(cluster, service)),
    currentRevisions: services.flatMap((service) =>
      (service.currentServiceRevisions ?? []).flatMap((revision) => (revision.arn ? [{ arn: revision.arn, role: 'current' }] : []))),
    serviceDeploymentArns: deployments.flat(),
    olderServices: services.filter((service) => service.createdAt !== undefined && service.createdAt < SERVICE_REVISIONS_SINCE)
      .map((service) => `${cluster.name}/${service.serviceName ?? lastSegment(service.serviceArn ?? '?')}`),
  };
}

async function describeServices(ecs: ECSClient, cluster: ClusterRef, batch: string[]): Promise<Service[]> {
  const what = `DescribeServices on cluster ${cluster.name}`;
  const answer = await read(what, () => ecs.send(new DescribeServicesCommand({ cluster: cluster.arn, services: batch })));
  const services = answer.services ?? [];
  requireComplete(what, batch.length, services.length, answer.failures);
  return services;
}

/** Every deployment (PRIMARY, ACTIVE: still running while replaced) and every task set runs its own task definition. */
function taskDefinitionUsesOf(cluster: ClusterRef, service: Service): TaskDefinitionUse[] {
  const where = `ecs cluster/${cluster.name} service/${service.serviceName ?? '?'}`;
  const uses: TaskDefinitionUse[] = [];
  for (const deployment of service.deployments ?? []) {
    if (deployment.taskDefinition) uses.push({ reference: deployment.taskDefinition, where: `${where} deployment/${deployment.id ?? '?'}` });
  }
  for (const taskSet of service.taskSets ?? []) {
    if (taskSet.taskDefinition) uses.push({ reference: taskSet.taskDefinition, where: `${where} taskSet/${taskSet.id ?? '?'}` });
  }
  return uses;
}

/**
 * ListServiceDeployments has no SDK paginator: loop on nextToken. A service it does not cover answers
 * UnsupportedFeatureException, or (a service whose deployment controller is CODE_DEPLOY or EXTERNAL, which service
 * deployments do not record) InvalidParameterException: both are in the SDK model's errors of the operation. Then
 * what DescribeServices gave (its deployments and task sets, already read) stands for the service, and a note says so.
 */
function listServiceDeployments(ecs: ECSClient, cluster: ClusterRef, service: Service, note: NoteSink): Promise<string[]> {
  const name = service.serviceName ?? lastSegment(service.serviceArn ?? '?');
  return read(`ListServiceDeployments on cluster ${cluster.name} service ${name}`, async () => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListServiceDeploymentsCommand({
        cluster: cluster.arn, service: service.serviceArn ?? name, maxResults: 100, nextToken,
      })).catch((error: unknown) => {
        // Only the first page: a service covered once is not uncovered halfway through its listing.
        if (nextToken !== undefined || !notCovered(error, service)) throw error;
        note({ source: 'ecs', message: `ecs cluster/${cluster.name} service/${name}: ListServiceDeployments answered `
          + `${error instanceof Error ? error.name : '?'}; its deployments and task sets from DescribeServices are read instead` });
        return undefined;
      });
      if (!page) return [];
      arns.push(...(page.serviceDeployments ?? []).flatMap((brief) => brief.serviceDeploymentArn ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  });
}

function notCovered(error: unknown, service: Service): boolean {
  if (error instanceof UnsupportedFeatureException) return true;
  const controller = service.deploymentController?.type ?? 'ECS';
  return error instanceof InvalidParameterException && controller !== 'ECS';
}
