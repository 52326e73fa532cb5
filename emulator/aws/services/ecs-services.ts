/**
 * ECS service reads: ListServices (default page 10), DescribeServices (at most 10 per call) with deployments, task
 * sets and current revisions; service deployments (newest first) and the service revisions ECS recorded, with the
 * image digests version consistency resolved.
 */
import type { AccountModel, EmuCluster, EmuService, EmuServiceDeployment, EmuServiceRevision } from '../account';
import { AwsEmulatorError, type OperationContext, type OperationHandler, paginate } from '../service';
import {
  checkBatch, checkMaxResults, clusterArn, epochSeconds, findCluster, missing, nameOf, serviceArn,
} from './ecs-common';

/** "You can't describe a service revision that was created before October 25, 2024." (DescribeServiceRevisions). */
export const SERVICE_REVISIONS_SINCE = Date.UTC(2024, 9, 25);
/** The emulated clock's "now" for records without a date: after every documented cut-off. */
const RECENT = Date.UTC(2026, 0, 1);

const revisionSummary = (arn: string) => ({ arn, requestedTaskCount: 1, runningTaskCount: 1, pendingTaskCount: 0 });

const listServices: OperationHandler = (input, ctx: OperationContext) => {
  const cluster = findCluster(ctx.account, input.cluster);
  const arns = cluster.services.map((service) => serviceArn(ctx.account, cluster, service.name));
  const { page, nextToken } = paginate(arns, input.nextToken, checkMaxResults(input.maxResults, 10), ctx, 10);
  return { serviceArns: page, nextToken };
};

function describedService(account: AccountModel, cluster: EmuCluster, service: EmuService) {
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY');
  const arn = serviceArn(account, cluster, service.name);
  return {
    serviceArn: arn,
    serviceName: service.name,
    clusterArn: clusterArn(account, cluster),
    status: 'ACTIVE',
    createdAt: epochSeconds(service.createdAt ?? RECENT),
    deploymentController: { type: service.deploymentController ?? 'ECS' },
    taskDefinition: primary?.taskDefinition,
    deployments: service.deployments.map((deployment) => ({ ...deployment, rolloutState: 'COMPLETED' })),
    taskSets: (service.taskSets ?? []).map((taskSet) => ({
      ...taskSet,
      taskSetArn: `${arn.replace(':service/', ':task-set/')}/${taskSet.id}`,
      serviceArn: arn,
    })),
    currentServiceRevisions: (service.currentServiceRevisionArns ?? []).map(revisionSummary),
  };
}

const describeServices: OperationHandler = (input, ctx: OperationContext) => {
  const cluster = findCluster(ctx.account, input.cluster);
  const wanted = checkBatch(input.services, 10, 'services');
  const services = [];
  const failures = [];
  for (const id of wanted) {
    const service = cluster.services.find((candidate) => candidate.name === nameOf(id));
    if (service) services.push(describedService(ctx.account, cluster, service));
    else failures.push(missing(serviceArn(ctx.account, cluster, nameOf(id))));
  }
  return { services, failures };
};

function findService(account: AccountModel, clusterRef: string | undefined, serviceRef: unknown): EmuService {
  const cluster = findCluster(account, clusterRef);
  const service = cluster.services.find((candidate) => candidate.name === nameOf(String(serviceRef ?? '')));
  if (!service) throw new AwsEmulatorError('ServiceNotFoundException', 'Service not found.');
  return service;
}

function withContext(account: AccountModel) {
  const out: { cluster: EmuCluster; service: EmuService; deployment: EmuServiceDeployment }[] = [];
  for (const cluster of account.ecs.clusters) {
    for (const service of cluster.services) {
      for (const deployment of service.serviceDeployments ?? []) out.push({ cluster, service, deployment });
    }
  }
  return out;
}

/**
 * Service deployments record what the ECS deployment controller does (service-deployment.html); the SDK model lists
 * UnsupportedFeatureException and InvalidParameterException among ListServiceDeployments' errors. Which one a
 * CODE_DEPLOY or EXTERNAL service gets is undocumented: the emulator answers UnsupportedFeatureException, and the
 * adapter accepts either for such services.
 */
const listServiceDeployments: OperationHandler = (input, ctx: OperationContext) => {
  const service = findService(ctx.account, input.cluster, input.service);
  const cluster = findCluster(ctx.account, input.cluster);
  if ((service.deploymentController ?? 'ECS') !== 'ECS') {
    throw new AwsEmulatorError('UnsupportedFeatureException', 'Service deployments are not supported for this deployment controller.');
  }
  const statuses: string[] | undefined = input.status;
  const newestFirst = [...(service.serviceDeployments ?? [])]
    .filter((deployment) => !statuses || statuses.includes(deployment.status))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((deployment) => ({
      serviceDeploymentArn: deployment.arn,
      serviceArn: serviceArn(ctx.account, cluster, service.name),
      clusterArn: clusterArn(ctx.account, cluster),
      createdAt: epochSeconds(deployment.createdAt),
      targetServiceRevisionArn: deployment.targetServiceRevisionArn,
      status: deployment.status,
    }));
  const { page, nextToken } = paginate(newestFirst, input.nextToken, checkMaxResults(input.maxResults, 20), ctx, 20);
  return { serviceDeployments: page, nextToken };
};

const describeServiceDeployments: OperationHandler = (input, ctx: OperationContext) => {
  const wanted = checkBatch(input.serviceDeploymentArns, 20, 'serviceDeploymentArns');
  const known = withContext(ctx.account);
  const serviceDeployments = [];
  const failures = [];
  for (const arn of wanted) {
    const found = known.find((entry) => entry.deployment.arn === arn);
    if (!found) {
      failures.push(missing(arn));
      continue;
    }
    const { cluster, service, deployment } = found;
    serviceDeployments.push({
      serviceDeploymentArn: deployment.arn,
      serviceArn: serviceArn(ctx.account, cluster, service.name),
      clusterArn: clusterArn(ctx.account, cluster),
      createdAt: epochSeconds(deployment.createdAt),
      status: deployment.status,
      sourceServiceRevisions: deployment.sourceServiceRevisionArns.map(revisionSummary),
      targetServiceRevision: revisionSummary(deployment.targetServiceRevisionArn),
      ...(deployment.rollbackServiceRevisionArn
        ? { rollback: { reason: 'circuit breaker', serviceRevisionArn: deployment.rollbackServiceRevisionArn } }
        : {}),
    });
  }
  return { serviceDeployments, failures };
};

function findRevision(account: AccountModel, arn: string): { cluster: EmuCluster; revision: EmuServiceRevision } | undefined {
  for (const cluster of account.ecs.clusters) {
    const revision = (cluster.serviceRevisions ?? []).find((candidate) => candidate.arn === arn);
    if (revision) return { cluster, revision };
  }
  return undefined;
}

const describeServiceRevisions: OperationHandler = (input, ctx: OperationContext) => {
  const wanted = checkBatch(input.serviceRevisionArns, 20, 'serviceRevisionArns');
  const serviceRevisions = [];
  const failures = [];
  for (const arn of wanted) {
    const found = findRevision(ctx.account, arn);
    // The API reference says an old revision cannot be described, not how: the emulator reports it as ECS reports
    // an identifier it cannot describe, a `failures[]` entry with reason MISSING.
    if (!found || (found.revision.createdAt ?? RECENT) < SERVICE_REVISIONS_SINCE) {
      failures.push(missing(arn));
      continue;
    }
    const service = arn.split('/').at(-2) ?? '';
    serviceRevisions.push({
      serviceRevisionArn: arn,
      serviceArn: serviceArn(ctx.account, found.cluster, service),
      clusterArn: clusterArn(ctx.account, found.cluster),
      taskDefinition: found.revision.taskDefinition,
      containerImages: found.revision.containerImages.map((image) => ({ ...image })),
    });
  }
  return { serviceRevisions, failures };
};

export const serviceOperations: Readonly<Record<string, OperationHandler>> = {
  ListServices: listServices,
  DescribeServices: describeServices,
  ListServiceDeployments: listServiceDeployments,
  DescribeServiceDeployments: describeServiceDeployments,
  DescribeServiceRevisions: describeServiceRevisions,
};
