/**
 * Services of a cluster: what their deployments and task sets run (task definitions), which service revisions are
 * current, and which service deployments ECS still lists (its 90-day history) so that their target and source
 * revisions, the ones a rollback redeploys, can be read. Listing pages are read whole before describing, so that
 * DescribeServices always carries 10 services (its maximum) whatever the page size.
 */
import {
  DescribeServicesCommand, type ECSClient, ListServiceDeploymentsCommand, paginateListServices, type Service,
} from '@aws-sdk/client-ecs';
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
}

export async function readClusterServices(ecs: ECSClient, cluster: ClusterRef): Promise<ClusterServices> {
  const serviceArns = await read(`ListServices on cluster ${cluster.name}`, async () => {
    // ListServices answers 10 per page unless asked for more.
    return allItems(paginateListServices({ client: ecs, pageSize: 100 }, { cluster: cluster.arn }), (page) => page.serviceArns);
  });
  const described = await mapWithConcurrency(chunk(serviceArns, 10), FAN_OUT, (batch) => describeServices(ecs, cluster, batch));
  const services = described.flat();
  const deployments = await mapWithConcurrency(services, FAN_OUT, (service) => listServiceDeployments(ecs, cluster, service));
  return {
    taskDefinitionUses: services.flatMap((service) => taskDefinitionUsesOf(cluster, service)),
    currentRevisions: services.flatMap((service) =>
      (service.currentServiceRevisions ?? []).flatMap((revision) => (revision.arn ? [{ arn: revision.arn, role: 'current' }] : []))),
    serviceDeploymentArns: deployments.flat(),
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

/** ListServiceDeployments has no SDK paginator: loop on nextToken. */
function listServiceDeployments(ecs: ECSClient, cluster: ClusterRef, service: Service): Promise<string[]> {
  const name = service.serviceName ?? lastSegment(service.serviceArn ?? '?');
  return read(`ListServiceDeployments on cluster ${cluster.name} service ${name}`, async () => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListServiceDeploymentsCommand({
        cluster: cluster.arn, service: service.serviceArn ?? name, maxResults: 100, nextToken,
      }));
      arns.push(...(page.serviceDeployments ?? []).flatMap((brief) => brief.serviceDeploymentArn ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  });
}
