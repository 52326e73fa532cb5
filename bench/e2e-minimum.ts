/**
 * The fewest calls a complete run can make on the generated account, per API, computed from the account itself and
 * the page sizes the adapters ask for (each the API's maximum: ECR 1000, ECS lists 100, DescribeServices 10,
 * DescribeTasks 100, service deployments/revisions 20, BatchGetImage 100, Kubernetes `limit` 500, Lambda 50 — the
 * most Lambda returns —, Batch 100, SSM 10, EventBridge and Scheduler 100, EKS 100).
 *
 *   pages(n, p) = max(1, ⌈n / p⌉)   a list costs one call even when empty
 *   batches(n, b) = ⌈n / b⌉          a describe is sent only for something
 *
 *   config      ssm.GetParametersByPath = pages(parameters, 10)                     (the home region only)
 *   inventory   sts.GetCallerIdentity = 1; ecr.DescribeRegistry = 1 (replication rules); ecr.DescribeRepositories = pages(R, 1000);
 *               ecr.DescribeImages = Σ_repositories pages(images of every status, 1000);
 *               ecr.BatchGetImage = Σ_repositories batches(active indexes, 100)  (children of every active index must be read;
 *                 an archived one cannot be: its repository's active images are then all kept as possible members)
 *   ECS         ListClusters = pages(C, 100); ListTasks = Σ_c pages(running tasks, 100); DescribeTasks = Σ_c batches(…, 100);
 *               ListServices = Σ_c pages(services, 100); DescribeServices = Σ_c batches(services, 10);
 *               ListDaemons = Σ_c pages(daemons, 100) (the generated accounts have no daemons);
 *               ListServiceDeployments = Σ_services pages(deployments, 100) (no account-wide listing exists);
 *               DescribeServiceDeployments = batches(distinct deployments, 20);
 *               DescribeServiceRevisions = batches(distinct revisions: current ∪ targets ∪ sources ∪ rollbacks, 20);
 *               ListTaskDefinitionFamilies = pages(ACTIVE families, 100);
 *               ListTaskDefinitions = Σ_families the pages of its `familyPrefix` listing (sort DESC, ACTIVE) up to its
 *                 N-th own revision — look-alike families (`web` also lists `web-cron`) come first and may add a page;
 *               DescribeTaskDefinition = distinct task definitions (newest N per family ∪ deployments ∪ task sets ∪
 *                 rule and schedule targets, a revision-less one meaning the family's latest);
 *               events.ListEventBuses = pages(buses, 100); ListRules = Σ_buses pages(rules, 100);
 *               ListTargetsByRule = Σ_rules pages(targets, 100); scheduler.ListSchedules = pages(schedules, 100);
 *               scheduler.GetSchedule = schedules with an ECS target (the summary names only the target ARN)
 *   EKS         eks.ListClusters = pages(K, 100); eks.DescribeCluster = K; k8s = Σ_clusters Σ_9 resources pages(objects, 500)
 *   Lambda      ListFunctions = pages(functions, 50); ListVersionsByFunction = Σ_image functions pages($LATEST + versions, 50);
 *               GetFunction = Σ_image functions ($LATEST + every published version)
 *   Batch       DescribeJobDefinitions = pages(ACTIVE job definitions, 100); DescribeJobQueues = pages(queues, 100);
 *               ListJobs = queues × 4 queued statuses (one page each when ≤ 1000 jobs); DescribeJobs = batches(jobs, 100)
 *   report      sns.Publish = 1 when the run mails its report
 *
 * Over several regions each region's minimum is computed on its own model and clusters (every source is read in every
 * region; the config and the report are the home region's) and the account's is their sum: resolving a reference to
 * another region's registry costs no call, the inventories already hold it.
 *
 * The issue's shorter formula, Σ_repositories ⌈images/1000⌉ + ⌈repositories/1000⌉ + live-source list pages +
 * distinct task definitions, is `issueFormula`: it leaves out the describes, BatchGetImage and the fixed calls.
 */
import type { AccountModel, EmuTaskDefinition } from '../emulator/aws/account';
import { K8S_RESOURCES, type K8sCluster } from '../emulator/k8s/model';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const ECS_TARGET = /^arn:aws[a-z-]*:(ecs:|scheduler:::aws-sdk:ecs:)/;

export const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));
export const batches = (n: number, size: number): number => Math.ceil(n / size);
const sum = <T>(items: readonly T[], f: (item: T) => number): number => items.reduce((total, item) => total + f(item), 0);

export interface MinimumCalls {
  /** Per `service.Operation` as the AWS emulator counts them, and `k8s.list` for the Kubernetes lists. */
  readonly perApi: Readonly<Record<string, number>>;
  readonly total: number;
  readonly issueFormula: number;
  readonly distinctTaskDefinitions: number;
}

/** `readsConfig`: the region is the home region, whose SSM holds the config (the others read none). */
export function minimumCalls(account: AccountModel, clusters: readonly K8sCluster[], keep: number, published: number, readsConfig = true): MinimumCalls {
  const repositories = account.ecr.repositories;
  const ecsClusters = account.ecs.clusters;
  const services = ecsClusters.flatMap((c) => c.services);
  const imageFunctions = account.lambda.functions.filter((fn) => fn.packageType === 'Image');
  const definitions = distinctTaskDefinitions(account, keep);
  const perApi: Record<string, number> = {
    'ssm.GetParametersByPath': readsConfig ? pages(account.ssm.parameters.length, 10) : 0,
    'sts.GetCallerIdentity': 1,
    'ecr.DescribeRegistry': 1,
    'ecr.DescribeRepositories': pages(repositories.length, 1000),
    'ecr.DescribeImages': sum(repositories, (r) => pages(r.images.length, 1000)),
    'ecr.BatchGetImage': sum(repositories, (r) => batches(r.images.filter((i) => INDEX_TYPES.has(i.manifestMediaType) && (i.status ?? 'ACTIVE') === 'ACTIVE').length, 100)),
    'ecs.ListClusters': pages(ecsClusters.length, 100),
    'ecs.ListTasks': sum(ecsClusters, (c) => pages(c.tasks.length, 100)),
    'ecs.DescribeTasks': sum(ecsClusters, (c) => batches(c.tasks.length, 100)),
    'ecs.ListServices': sum(ecsClusters, (c) => pages(c.services.length, 100)),
    'ecs.DescribeServices': sum(ecsClusters, (c) => batches(c.services.length, 10)),
    'ecs.ListDaemons': sum(ecsClusters, (c) => pages(c.daemons?.length ?? 0, 100)),
    'ecs.ListServiceDeployments': sum(services, (s) => pages(s.serviceDeployments?.length ?? 0, 100)),
    'ecs.DescribeServiceDeployments': batches(new Set(services.flatMap((s) => (s.serviceDeployments ?? []).map((d) => d.arn))).size, 20),
    'ecs.DescribeServiceRevisions': batches(revisionsInUse(account).size, 20),
    'ecs.ListTaskDefinitionFamilies': pages(activeRevisionsByFamily(account).size, 100),
    'ecs.ListTaskDefinitions': familyListingPages(account, keep),
    'ecs.DescribeTaskDefinition': definitions,
    'events.ListEventBuses': pages(account.events.buses.length, 100),
    'events.ListRules': sum(account.events.buses, (bus) => pages(account.events.rules.filter((r) => r.eventBusName === bus).length, 100)),
    'events.ListTargetsByRule': sum(account.events.rules, (r) => pages(r.targets.length, 100)),
    'scheduler.ListSchedules': pages(account.scheduler.schedules.length, 100),
    'scheduler.GetSchedule': account.scheduler.schedules.filter((s) => ECS_TARGET.test(s.target.arn)).length,
    'eks.ListClusters': pages(account.eks.clusters.length, 100),
    'eks.DescribeCluster': account.eks.clusters.length,
    // PodTemplates are read only with live.eks.podTemplates (the generated config leaves it off).
    'k8s.list': sum(clusters, (c) => sum(K8S_RESOURCES.filter((r) => r !== 'podtemplates'), (resource) => pages(c.objects[resource]?.length ?? 0, 500))),
    'lambda.ListFunctions': pages(account.lambda.functions.length, 50),
    'lambda.ListVersionsByFunction': sum(imageFunctions, (fn) => pages(1 + fn.versions.length, 50)),
    'lambda.GetFunction': sum(imageFunctions, (fn) => 1 + fn.versions.length),
    'batch.DescribeJobDefinitions': pages(account.batch.jobDefinitions.filter((d) => d.status === 'ACTIVE').length, 100),
    'batch.DescribeJobQueues': pages(account.batch.jobQueues?.length ?? 0, 100),
    'batch.ListJobs': (account.batch.jobQueues?.length ?? 0) * 4,
    'batch.DescribeJobs': batches(account.batch.jobs?.length ?? 0, 100),
    'sns.Publish': published,
  };
  const listPages = Object.entries(perApi).filter(([api]) => LIVE_LIST_APIS.has(api)).reduce((total, [, n]) => total + n, 0);
  const issueFormula = sum(repositories, (r) => Math.ceil(r.images.length / 1000)) + Math.ceil(repositories.length / 1000) + listPages + definitions;
  return { perApi, total: Object.values(perApi).reduce((a, b) => a + b, 0), issueFormula, distinctTaskDefinitions: definitions };
}

/** The account's minimum over its regions: their sum, API by API. */
export function summedMinimum(regions: readonly MinimumCalls[]): MinimumCalls {
  const perApi: Record<string, number> = {};
  for (const region of regions) for (const [api, n] of Object.entries(region.perApi)) perApi[api] = (perApi[api] ?? 0) + n;
  const total = (pick: (m: MinimumCalls) => number) => regions.reduce((sum, region) => sum + pick(region), 0);
  return { perApi, total: total((m) => m.total), issueFormula: total((m) => m.issueFormula), distinctTaskDefinitions: total((m) => m.distinctTaskDefinitions) };
}

const LIVE_LIST_APIS = new Set([
  'ecs.ListClusters', 'ecs.ListTasks', 'ecs.ListServices', 'ecs.ListDaemons', 'ecs.ListServiceDeployments', 'ecs.ListTaskDefinitionFamilies',
  'ecs.ListTaskDefinitions', 'events.ListEventBuses', 'events.ListRules', 'events.ListTargetsByRule', 'scheduler.ListSchedules',
  'eks.ListClusters', 'k8s.list', 'lambda.ListFunctions', 'lambda.ListVersionsByFunction', 'batch.DescribeJobDefinitions',
  'batch.DescribeJobQueues', 'batch.ListJobs',
]);

function revisionsInUse(account: AccountModel): Set<string> {
  const arns = new Set<string>();
  for (const service of account.ecs.clusters.flatMap((c) => c.services)) {
    for (const arn of service.currentServiceRevisionArns ?? []) arns.add(arn);
    for (const deployment of service.serviceDeployments ?? []) {
      arns.add(deployment.targetServiceRevisionArn);
      for (const source of deployment.sourceServiceRevisionArns) arns.add(source);
      if (deployment.rollbackServiceRevisionArn) arns.add(deployment.rollbackServiceRevisionArn);
    }
  }
  return arns;
}

/** Family ⇒ its ACTIVE revision numbers, newest first. */
function activeRevisionsByFamily(account: AccountModel): Map<string, number[]> {
  const byFamily = new Map<string, number[]>();
  for (const definition of account.ecs.taskDefinitions.filter((d: EmuTaskDefinition) => d.status === 'ACTIVE')) {
    const revisions = byFamily.get(definition.family);
    if (revisions) revisions.push(definition.revision);
    else byFamily.set(definition.family, [definition.revision]);
  }
  for (const revisions of byFamily.values()) revisions.sort((a, b) => b - a);
  return byFamily;
}

/**
 * ListTaskDefinitions(familyPrefix: f, ACTIVE, DESC, 100 a page) lists every family starting with `f` in descending
 * order, so f's own revisions come after its look-alikes'; the adapter stops on the page where it holds N of f's own.
 */
function familyListingPages(account: AccountModel, keep: number): number {
  const active = activeRevisionsByFamily(account);
  const ascending = [...active.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let total = 0;
  ascending.forEach((family, index) => {
    let before = 0;
    for (let next = index + 1; next < ascending.length && (ascending[next] as string).startsWith(family); next++) {
      before += active.get(ascending[next] as string)?.length ?? 0;
    }
    const own = active.get(family)?.length ?? 0;
    total += own >= keep ? Math.ceil((before + keep) / 100) : pages(before + own, 100);
  });
  return total;
}

function distinctTaskDefinitions(account: AccountModel, keep: number): number {
  const active = activeRevisionsByFamily(account);
  const keys = new Set<string>();
  for (const [family, revisions] of active) for (const revision of revisions.slice(0, keep)) keys.add(`${family}:${revision}`);
  const add = (reference: string) => {
    const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':task-definition/') + 17) : reference;
    const [family = '', revision] = path.split(':');
    const latest = active.get(family)?.[0];
    keys.add(revision !== undefined ? `${family}:${revision}` : latest !== undefined && keep >= 1 ? `${family}:${latest}` : family);
  };
  for (const service of account.ecs.clusters.flatMap((c) => c.services)) {
    for (const used of [...service.deployments, ...(service.taskSets ?? [])]) add(used.taskDefinition);
  }
  for (const rule of account.events.rules) for (const target of rule.targets) if (target.ecsParameters) add(target.ecsParameters.taskDefinitionArn);
  for (const { target } of account.scheduler.schedules) {
    if (target.ecsParameters) add(target.ecsParameters.taskDefinitionArn);
    else if (target.input && ECS_TARGET.test(target.arn)) add(String((JSON.parse(target.input) as { TaskDefinition?: string }).TaskDefinition ?? ''));
  }
  return keys.size;
}
