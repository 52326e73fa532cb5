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
 *   inventory   sts.GetCallerIdentity = 1 (the home region's, shared by every region); ecr.DescribeRegistry = 1 (replication rules); ecr.DescribeRepositories = 2 · pages(R, 1000)
 *                 (the inventory's, and the lifecycle-policy checker's, which runs beside it);
 *               ecr.DescribeImages = Σ_repositories pages(images of every status, 1000);
 *               ecr.BatchGetImage = Σ_repositories batches(active indexes, 100)  (children of every active index must be read;
 *                 an archived one cannot be: its repository's active images are then all kept as possible members);
 *               ecr.GetLifecyclePolicy = min(governed repositories, lifecyclePolicyChecks)  (coexistence: one call per
 *                 repository asked: ECR lists no repositories by whether they have a policy);
 *               ecr.DescribeRepositoryCreationTemplates = 1 (up to 1,000 templates a page; the generated accounts have none)
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
 *                 rule and schedule targets, a revision-less one meaning the family's latest), less those the
 *                 task-definition cache an earlier run left answers: a full ARN that a service, a task set or the
 *                 catalogue names (a rule's or a schedule's own target is always described: only ECS can tell that it
 *                 can no longer launch), of an ACTIVE definition the cache holds;
 *               events.ListEventBuses = pages(buses, 100); ListRules = Σ_buses pages(rules, 100);
 *               ListTargetsByRule = Σ_rules pages(targets, 100); scheduler.ListSchedules = pages(schedules, 100);
 *               scheduler.GetSchedule = schedules with an ECS target (the summary names only the target ARN)
 *   EKS         eks.ListClusters = pages(K, 100); eks.DescribeCluster = K; k8s = Σ_clusters Σ_9 resources pages(objects, 500)
 *   Lambda      ListFunctions = pages(functions, 50); ListVersionsByFunction = Σ_image functions pages($LATEST + versions, 50);
 *               GetFunction = Σ_image functions ($LATEST + every published version)
 *   Batch       DescribeJobDefinitions = pages(ACTIVE job definitions, 100); DescribeJobQueues = pages(queues, 100);
 *               ListJobs = queues × 4 queued statuses (one page each when ≤ 1000 jobs); DescribeJobs = batches(jobs, 100)
 *   report      sns.Publish = 1 when the run mails its report
 *   state       s3.GetObject = 2 per region (its state, its task-definition cache); s3.PutObject = 1 per region (its
 *                 state) + 1 per region whose cache the run changed (an ACTIVE definition described, or a cached one no
 *                 longer asked for); all signed for the home region, the state's client's (stateMinimum). The cache's
 *                 autosaves while a run describes (every 30 s) are above it.
 *
 * Over several regions each region's minimum is computed on its own model and clusters (every source is read in every
 * region; the config and the report are the home region's) and the account's is their sum: resolving a reference to
 * another region's registry costs no call, the inventories already hold it.
 *
 * The issue's shorter formula, Σ_repositories ⌈images/1000⌉ + ⌈repositories/1000⌉ + live-source list pages +
 * distinct task definitions, is `issueFormula`: it leaves out the describes, BatchGetImage and the fixed calls.
 */
import { taskDefinitionArn, type AccountModel, type EmuTaskDefinition } from '../emulator/aws/account';
import { K8S_RESOURCES, type K8sCluster } from '../emulator/k8s/model';
import { parseConfig } from '../lambda/config/parse';
import { DEFAULT_LIFECYCLE_POLICY_CHECKS } from '../lambda/core/coexistence';
import { governingPolicy } from '../lambda/core/policy';
import { BENCH_DOCUMENTS } from './e2e-config';

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const ECS_TARGET = /^arn:aws[a-z-]*:(ecs:|scheduler:::aws-sdk:ecs:)/;
/** A task definition ARN with its revision: what the cache answers for (lambda/adapters/ecs/task-definitions.ts). */
const FULL_ARN = /^arn:[^:]+:ecs:[^:]+:\d{12}:task-definition\/[^:/]+:\d+$/;

export const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));
export const batches = (n: number, size: number): number => Math.ceil(n / size);
const sum = <T>(items: readonly T[], f: (item: T) => number): number => items.reduce((total, item) => total + f(item), 0);

export interface MinimumCalls {
  /** Per `service.Operation` as the AWS emulator counts them, and `k8s.list` for the Kubernetes lists. */
  readonly perApi: Readonly<Record<string, number>>;
  readonly total: number;
  readonly issueFormula: number;
  readonly distinctTaskDefinitions: number;
  /** Of them, those the task-definition cache the run starts with answers (no describe). */
  readonly cachedTaskDefinitions: number;
  /** Whether the run changes its task-definition cache (one PutObject of it at least). */
  readonly cacheChanged: boolean;
}

/**
 * `readsConfig`: the region is the home region, whose SSM holds the config (the others read none). `cached`: the full
 * ARNs the region's task-definition cache holds when the run starts (none for a cold run). The state's S3 calls are
 * not here: they are all the home region's (stateMinimum).
 */
export function minimumCalls(
  account: AccountModel, clusters: readonly K8sCluster[], keep: number, published: number, readsConfig = true, cached: ReadonlySet<string> = new Set(),
): MinimumCalls {
  const repositories = account.ecr.repositories;
  const ecsClusters = account.ecs.clusters;
  const services = ecsClusters.flatMap((c) => c.services);
  const imageFunctions = account.lambda.functions.filter((fn) => fn.packageType === 'Image');
  const definitions = taskDefinitionReads(account, keep, cached);
  const perApi: Record<string, number> = {
    'ssm.GetParametersByPath': readsConfig ? pages(account.ssm.parameters.length, 10) : 0,
    // Asked once per run and shared by every region (adapters/sts/caller-account.ts): the home region's.
    'sts.GetCallerIdentity': readsConfig ? 1 : 0,
    'ecr.DescribeRegistry': 1,
    // The inventory's listing, and the lifecycle-policy checker's own (it runs alongside the inventory).
    'ecr.DescribeRepositories': 2 * pages(repositories.length, 1000),
    'ecr.DescribeImages': sum(repositories, (r) => pages(r.images.length, 1000)),
    'ecr.GetLifecyclePolicy': lifecyclePolicyChecksOf(repositories),
    'ecr.DescribeRepositoryCreationTemplates': 1,
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
    'ecs.DescribeTaskDefinition': definitions.described,
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
  const issueFormula = sum(repositories, (r) => Math.ceil(r.images.length / 1000)) + Math.ceil(repositories.length / 1000) + listPages + definitions.described;
  return {
    perApi, total: Object.values(perApi).reduce((a, b) => a + b, 0), issueFormula,
    distinctTaskDefinitions: definitions.distinct, cachedTaskDefinitions: definitions.distinct - definitions.described, cacheChanged: definitions.cacheChanged,
  };
}

const BENCH_POLICIES = (() => {
  const parsed = parseConfig(Object.entries(BENCH_DOCUMENTS).map(([name, text]) => ({ name, text })));
  if (!parsed.ok) throw new Error('the bench config does not validate');
  return parsed.config;
})();

/** GetLifecyclePolicy calls: one per governed repository, at most the per-run budget (core/coexistence.ts). */
function lifecyclePolicyChecksOf(repositories: readonly { readonly name: string }[]): number {
  const governed = repositories.filter((r) => governingPolicy(BENCH_POLICIES.policies, r.name) !== undefined).length;
  return Math.min(governed, BENCH_POLICIES.settings.lifecyclePolicyChecks ?? DEFAULT_LIFECYCLE_POLICY_CHECKS);
}

/** The state's S3 calls over `regions` regions, `changedCaches` of them writing their task-definition cache. */
export function stateMinimum(regions: number, changedCaches: number): Record<string, number> {
  return { 's3.GetObject': 2 * regions, 's3.PutObject': regions + changedCaches };
}

/** `minimum` with `extra` calls added, API by API. */
export function withCalls(minimum: MinimumCalls, extra: Readonly<Record<string, number>>): MinimumCalls {
  const perApi = { ...minimum.perApi };
  for (const [api, n] of Object.entries(extra)) perApi[api] = (perApi[api] ?? 0) + n;
  return { ...minimum, perApi, total: Object.values(perApi).reduce((a, b) => a + b, 0) };
}

/** The account's minimum over its regions: their sum, API by API. */
export function summedMinimum(regions: readonly MinimumCalls[]): MinimumCalls {
  const perApi: Record<string, number> = {};
  for (const region of regions) for (const [api, n] of Object.entries(region.perApi)) perApi[api] = (perApi[api] ?? 0) + n;
  const total = (pick: (m: MinimumCalls) => number) => regions.reduce((sum, region) => sum + pick(region), 0);
  return {
    perApi, total: total((m) => m.total), issueFormula: total((m) => m.issueFormula), distinctTaskDefinitions: total((m) => m.distinctTaskDefinitions),
    cachedTaskDefinitions: total((m) => m.cachedTaskDefinitions), cacheChanged: regions.some((m) => m.cacheChanged),
  };
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

/**
 * The distinct task definitions the ECS source reads, and how many it must describe with `cached` (full ARNs) in its
 * cache: the describer asks each `family:revision` once, the uses in order (services and task sets, the catalogue, then
 * rules and schedules), and only a use a service, a task set or the catalogue makes may be answered from the cache,
 * under the full ARN it names. Every ACTIVE definition described is put back; a complete save then keeps what was
 * asked for, so the cache changes when something is put or a cached ARN was not asked for.
 */
function taskDefinitionReads(account: AccountModel, keep: number, cached: ReadonlySet<string>): { distinct: number; described: number; cacheChanged: boolean } {
  const active = activeRevisionsByFamily(account);
  const status = new Map(account.ecs.taskDefinitions.map((d) => [`${d.family}:${d.revision}`, d.status]));
  /** Key ⇒ the full ARN its first use names it by when that use may be answered from the cache (the describer asks once). */
  const keys = new Map<string, string | undefined>();
  const use = (key: string, arn: string | undefined) => {
    if (!keys.has(key)) keys.set(key, arn);
  };
  const keyOf = (reference: string) => {
    const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':task-definition/') + 17) : reference;
    const [family = '', revision] = path.split(':');
    const latest = active.get(family)?.[0];
    return revision !== undefined ? `${family}:${revision}` : latest !== undefined && keep >= 1 ? `${family}:${latest}` : family;
  };
  const fullArn = (reference: string) => (FULL_ARN.test(reference) ? reference : undefined);
  for (const service of account.ecs.clusters.flatMap((c) => c.services)) {
    for (const used of [...service.deployments, ...(service.taskSets ?? [])]) use(keyOf(used.taskDefinition), fullArn(used.taskDefinition));
  }
  for (const [family, revisions] of active) for (const revision of revisions.slice(0, keep)) use(`${family}:${revision}`, taskDefinitionArn(account, family, revision));
  for (const rule of account.events.rules) for (const target of rule.targets) if (target.ecsParameters) use(keyOf(target.ecsParameters.taskDefinitionArn), undefined);
  for (const { target } of account.scheduler.schedules) {
    if (target.ecsParameters) use(keyOf(target.ecsParameters.taskDefinitionArn), undefined);
    else if (target.input && ECS_TARGET.test(target.arn)) use(keyOf(String((JSON.parse(target.input) as { TaskDefinition?: string }).TaskDefinition ?? '')), undefined);
  }
  let described = 0;
  let puts = 0;
  const asked = new Set<string>();
  for (const [key, arn] of keys) {
    if (arn !== undefined) asked.add(arn);
    if (arn !== undefined && cached.has(arn)) continue;
    described += 1;
    if (status.get(key) === 'ACTIVE') {
      const [family = '', revision = ''] = key.split(':');
      const described = taskDefinitionArn(account, family, Number(revision));
      // Put again, an ARN the cache holds is no change (a rule's target is described every run).
      if (!cached.has(described)) puts += 1;
      asked.add(described);
    }
  }
  return { distinct: keys.size, described, cacheChanged: puts > 0 || [...cached].some((arn) => !asked.has(arn)) };
}
