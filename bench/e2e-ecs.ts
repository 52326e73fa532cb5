/**
 * ECS at scale: one task definition family per service (lognormal ACTIVE revisions, a quarter as many INACTIVE
 * older ones), each revision naming a build of the service's repository and an envoy sidecar; services with their
 * PRIMARY deployment (5 % mid-rollout, 3 % CODE_DEPLOY task sets), four service revisions and three service
 * deployments each; running tasks; and `<family>-cron` look-alike families that only EventBridge rules and Scheduler
 * schedules launch (a third of them revision-less, some through universal `aws-sdk:ecs:runTask` targets).
 */
import {
  taskDefinitionArn, type AccountModel, type EmuCluster, type EmuContainerDefinition, type EmuService, type EmuServiceRevision,
  type EmuTask, type EmuTaskDefinition,
} from '../emulator/aws/account';
import { DAY, repositoryName, type ImagePath, type ImageRef, type Registry } from './e2e-images';
import { lognormal, randomHex, splitTotal, type Random } from './e2e-random';
import type { AccountShape } from './e2e-shape';

const CLUSTER_KINDS = ['prod', 'staging', 'dev', 'jobs', 'edge'];
const ENVOY = 0;

interface Family {
  readonly name: string;
  readonly repository: number;
  /** ACTIVE revisions, oldest first. */
  readonly active: EmuTaskDefinition[];
}

/**
 * `services`: the repository of each service (its family's app image); `imagePath` names a repository as workloads
 * pull it, from whichever region's registry holds it. ECS clusters, task definitions and rules are `account`'s region's.
 */
export function generateEcs(account: AccountModel, shape: AccountShape, registry: Registry, services: readonly number[], imagePath: ImagePath, rand: Random, now: number): void {
  const clusters: EmuCluster[] = Array.from({ length: shape.ecsClusters }, (_, i) => ({ name: `${CLUSTER_KINDS[i % 5]}-${i}`, services: [], serviceRevisions: [], tasks: [] }));
  const tasksPerService = splitTotal(rand, shape.tasks, services.length, 0.8);
  const makeFamily = (name: string, repository: number) => family(account, registry, imagePath, name, repository, rand);
  services.forEach((repository, i) => {
    const serviceFamily = makeFamily(repositoryName(repository).replace('/', '-'), repository);
    const cluster = clusters[i % clusters.length] as EmuCluster;
    addService(account, cluster, serviceFamily, tasksPerService[i] ?? 0, rand, now);
  });
  const spacing = Math.max(1, Math.floor(services.length / shape.scheduledFamilies));
  const scheduled = Array.from({ length: shape.scheduledFamilies }, (_, j) => {
    const repository = services[(j * spacing) % services.length] as number;
    return makeFamily(`${repositoryName(repository).replace('/', '-')}-cron`, repository);
  });
  account.ecs.clusters = clusters;
  addScheduledTargets(account, scheduled, clusters.at(-1) as EmuCluster, shape.otherRules, rand);
}

function family(account: AccountModel, registry: Registry, imagePath: ImagePath, name: string, repository: number, rand: Random): Family {
  const activeCount = lognormal(rand, 12, 0.9, 1, 400);
  const total = activeCount + Math.floor(activeCount / 4);
  const builds = registry.builds(repository);
  const envoy = registry.builds(ENVOY);
  const active: EmuTaskDefinition[] = [];
  for (let revision = 1; revision <= total; revision++) {
    const age = total - revision;
    const app = builds[Math.min(age, builds.length - 1)] as ImageRef;
    const sidecar = envoy[age % Math.min(3, envoy.length)] as ImageRef;
    const definition: EmuTaskDefinition = {
      family: name, revision, status: revision > total - activeCount ? 'ACTIVE' : 'INACTIVE',
      containerDefinitions: [
        container('app', `${imagePath(repository)}${rand() < 0.1 ? `@${app.digest}` : `:${app.tag}`}`, app.digest),
        container('envoy', `${imagePath(ENVOY)}:${sidecar.tag}`, sidecar.digest),
      ],
    };
    account.ecs.taskDefinitions.push(definition);
    if (definition.status === 'ACTIVE') active.push(definition);
  }
  return { name, repository, active };
}

function addService(account: AccountModel, cluster: EmuCluster, served: Family, taskCount: number, rand: Random, now: number): void {
  const arnOf = (definition: EmuTaskDefinition) => taskDefinitionArn(account, definition.family, definition.revision);
  const latest = served.active.at(-1) as EmuTaskDefinition;
  const previous = served.active.at(-2);
  const rollingOut = previous !== undefined && rand() < 0.05;
  const service: EmuService = { name: served.name, deployments: [{ id: `ecs-svc/${randomHex(rand, 19)}`, status: 'PRIMARY', taskDefinition: arnOf(latest) }] };
  if (rollingOut) service.deployments.push({ id: `ecs-svc/${randomHex(rand, 19)}`, status: 'ACTIVE', taskDefinition: arnOf(previous) });
  if (previous && rand() < 0.03) {
    service.taskSets = [{ id: 'ecs-svc-blue', taskDefinition: arnOf(latest), status: 'PRIMARY' }, { id: 'ecs-svc-green', taskDefinition: arnOf(previous), status: 'ACTIVE' }];
  }
  addRevisionHistory(account, cluster, service, served, rand, now);
  cluster.services.push(service);
  const containers = (definition: EmuTaskDefinition) => resolvedContainers(definition.containerDefinitions);
  const running = { latest: containers(latest), previous: previous ? containers(previous) : undefined };
  for (let t = 0; t < taskCount; t++) {
    const onPrevious = rollingOut && running.previous && t % 3 === 0;
    const task: EmuTask = {
      taskArn: `arn:aws:ecs:${account.region}:${account.accountId}:task/${cluster.name}/${randomHex(rand, 32)}`,
      taskDefinitionArn: arnOf(onPrevious ? (previous as EmuTaskDefinition) : latest),
      lastStatus: 'RUNNING',
      containers: (onPrevious ? running.previous : running.latest) as EmuTask['containers'],
    };
    cluster.tasks.push(task);
  }
}

/** Four service revisions (version consistency pinned their digests) and three deployments between them. */
function addRevisionHistory(account: AccountModel, cluster: EmuCluster, service: EmuService, served: Family, rand: Random, now: number): void {
  const base = `arn:aws:ecs:${account.region}:${account.accountId}`;
  const revisions: EmuServiceRevision[] = [0, 1, 2, 3].map((age) => {
    const definition = served.active[Math.max(0, served.active.length - 1 - age)] as EmuTaskDefinition;
    return {
      arn: `${base}:service-revision/${cluster.name}/${service.name}/${randomHex(rand, 19)}`,
      taskDefinition: taskDefinitionArn(account, definition.family, definition.revision),
      containerImages: resolvedContainers(definition.containerDefinitions).map((c) => ({ containerName: c.name, image: c.image, imageDigest: c.imageDigest })),
    };
  });
  cluster.serviceRevisions?.push(...revisions);
  service.currentServiceRevisionArns = [(revisions[0] as EmuServiceRevision).arn];
  service.serviceDeployments = [0, 1, 2].map((age) => ({
    arn: `${base}:service-deployment/${cluster.name}/${service.name}/${randomHex(rand, 19)}`,
    status: 'SUCCESSFUL',
    targetServiceRevisionArn: (revisions[age] as EmuServiceRevision).arn,
    sourceServiceRevisionArns: [(revisions[age + 1] as EmuServiceRevision).arn],
    ...(rand() < 0.05 ? { rollbackServiceRevisionArn: (revisions[age + 1] as EmuServiceRevision).arn } : {}),
    createdAt: now - (age * 7 + 1) * DAY,
  }));
}

/** The digest each container definition's image pointed at when it was registered: what tasks and revisions pulled. */
const pulledDigests = new WeakMap<EmuContainerDefinition, string>();

function container(name: string, image: string, digest: string): EmuContainerDefinition {
  const definition = { name, image };
  pulledDigests.set(definition, digest);
  return definition;
}

function resolvedContainers(definitions: readonly EmuContainerDefinition[]): { name: string; image: string; imageDigest?: string }[] {
  return definitions.map((definition) => {
    const digest = pulledDigests.get(definition);
    return { name: definition.name, image: definition.image, ...(digest ? { imageDigest: digest } : {}) };
  });
}

function addScheduledTargets(account: AccountModel, families: readonly Family[], cluster: EmuCluster, otherRules: number, rand: Random): void {
  const base = `arn:aws:ecs:${account.region}:${account.accountId}`;
  const clusterArn = `${base}:cluster/${cluster.name}`;
  const roleArn = `arn:aws:iam::${account.accountId}:role/ecs-events`;
  account.events.buses = ['default', 'ops'];
  families.forEach((scheduled, j) => {
    const latest = scheduled.active.at(-1) as EmuTaskDefinition;
    const reference = j % 3 === 0 ? scheduled.name : taskDefinitionArn(account, latest.family, latest.revision);
    if (j % 2 === 0) {
      account.events.rules.push({ name: `${scheduled.name}-nightly`, eventBusName: j % 4 === 0 ? 'default' : 'ops', scheduleExpression: 'cron(0 3 * * ? *)',
        targets: [{ id: 'ecs', arn: clusterArn, ecsParameters: { taskDefinitionArn: reference } }] });
    } else if (rand() < 0.8) {
      account.scheduler.schedules.push({ name: `${scheduled.name}-hourly`, groupName: j % 4 === 1 ? 'default' : 'batch', state: 'ENABLED',
        target: { arn: clusterArn, roleArn, ecsParameters: { taskDefinitionArn: reference } } });
    } else {
      account.scheduler.schedules.push({ name: `${scheduled.name}-hourly`, groupName: 'default', state: 'ENABLED',
        target: { arn: 'arn:aws:scheduler:::aws-sdk:ecs:runTask', roleArn, input: JSON.stringify({ Cluster: clusterArn, TaskDefinition: reference }) } });
    }
  });
  const lambdaArn = (k: number) => `arn:aws:lambda:${account.region}:${account.accountId}:function:housekeeping-${k}`;
  for (let k = 0; k < otherRules; k++) {
    if (k % 2 === 0) account.events.rules.push({ name: `housekeeping-${k}`, eventBusName: 'default', scheduleExpression: 'rate(1 hour)', targets: [{ id: 'fn', arn: lambdaArn(k) }] });
    else account.scheduler.schedules.push({ name: `housekeeping-${k}`, groupName: 'default', state: 'ENABLED', target: { arn: lambdaArn(k), roleArn } });
  }
}
