/**
 * ECS (JSON 1.1, signing name `ecs`): clusters and tasks here, services and task definitions in their own files.
 * Each operation draws from the bucket of the ECS request-throttling table (`ecs:<bucket>` in the quotas).
 */
import type { EmuTask } from '../account';
import { type OperationContext, type OperationHandler, paginate, type ServiceDefinition } from '../service';
import { checkBatch, checkMaxResults, clusterArn, findCluster, missing, nameOf } from './ecs-common';
import { daemonOperations } from './ecs-daemons';
import { serviceOperations } from './ecs-services';
import { taskDefinitionOperations } from './ecs-task-definitions';

/** The emulated model keeps a task's last status; its desired status follows from it. */
const desiredStatusOf = (task: EmuTask): string => (task.lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING');

const familyOf = (taskDefinitionArn: string): string => (nameOf(taskDefinitionArn).split(':')[0] ?? '');

const listClusters: OperationHandler = (input, ctx: OperationContext) => {
  const arns = ctx.account.ecs.clusters.map((cluster) => clusterArn(ctx.account, cluster));
  const { page, nextToken } = paginate(arns, input.nextToken, checkMaxResults(input.maxResults, 100), ctx);
  return { clusterArns: page, nextToken };
};

const describeClusters: OperationHandler = (input, ctx: OperationContext) => {
  const wanted = checkBatch(input.clusters ?? ['default'], 100, 'clusters');
  const clusters = [];
  const failures = [];
  for (const id of wanted) {
    const cluster = ctx.account.ecs.clusters.find((candidate) => candidate.name === nameOf(id));
    if (!cluster) {
      failures.push(missing(`arn:aws:ecs:${ctx.account.region}:${ctx.account.accountId}:cluster/${nameOf(id)}`));
      continue;
    }
    clusters.push({
      clusterArn: clusterArn(ctx.account, cluster),
      clusterName: cluster.name,
      status: 'ACTIVE',
      activeServicesCount: cluster.services.length,
      runningTasksCount: cluster.tasks.filter((task) => desiredStatusOf(task) === 'RUNNING').length,
    });
  }
  return { clusters, failures };
};

const listTasks: OperationHandler = (input, ctx: OperationContext) => {
  const cluster = findCluster(ctx.account, input.cluster);
  const desiredStatus = String(input.desiredStatus ?? 'RUNNING');
  const family = input.family === undefined ? undefined : String(input.family);
  const arns = cluster.tasks
    .filter((task) => desiredStatusOf(task) === desiredStatus)
    .filter((task) => family === undefined || familyOf(task.taskDefinitionArn) === family)
    .map((task) => task.taskArn);
  const { page, nextToken } = paginate(arns, input.nextToken, checkMaxResults(input.maxResults, 100), ctx);
  return { taskArns: page, nextToken };
};

const describeTasks: OperationHandler = (input, ctx: OperationContext) => {
  const cluster = findCluster(ctx.account, input.cluster);
  const wanted = checkBatch(input.tasks, 100, 'tasks');
  const tasks = [];
  const failures = [];
  for (const id of wanted) {
    const task = cluster.tasks.find((candidate) => candidate.taskArn === id || nameOf(candidate.taskArn) === id);
    if (!task) {
      failures.push(missing(id));
      continue;
    }
    tasks.push({
      taskArn: task.taskArn,
      clusterArn: clusterArn(ctx.account, cluster),
      taskDefinitionArn: task.taskDefinitionArn,
      lastStatus: task.lastStatus,
      desiredStatus: desiredStatusOf(task),
      containers: task.containers.map((container) => ({ ...container, taskArn: task.taskArn, lastStatus: task.lastStatus })),
    });
  }
  return { tasks, failures };
};

export const ecs: ServiceDefinition = {
  signingName: 'ecs',
  protocol: 'json1.1',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  operations: {
    ListClusters: listClusters,
    DescribeClusters: describeClusters,
    ListTasks: listTasks,
    DescribeTasks: describeTasks,
    ...serviceOperations,
    ...taskDefinitionOperations,
    ...daemonOperations,
  },
  quotaBuckets: {
    ListClusters: 'cluster-read',
    DescribeClusters: 'cluster-read',
    ListTaskDefinitionFamilies: 'task-definition-read',
    ListTaskDefinitions: 'task-definition-read',
    DescribeTaskDefinition: 'task-definition-read',
    ListTasks: 'cluster-resource-read',
    DescribeTasks: 'cluster-resource-read',
    ListServices: 'service-read',
    DescribeServices: 'service-read',
    ListServiceDeployments: 'service-deployment',
    DescribeServiceDeployments: 'service-deployment',
    DescribeServiceRevisions: 'service-revision',
  },
};
