/**
 * The bench's world process: generates one size of account, in one region or split over several, serves it through
 * the AWS emulator (one model per region; page sizes at the real maxima, 20 ms per call, AWS-like quotas per region,
 * Lambda's included) and the Kubernetes emulator (limit 500), counts every call — in all, per region, and answered past
 * the quotas — with when each API was active, and answers the parent: `start` → `ready`, `finish` (with the run's plan)
 * → `counters` and the check of the plan against what it generated (e2e-check.ts), `close` → closes both emulators
 * and exits.
 *
 * The account has the deployment's state bucket (BENCH_STATE_BUCKET, empty at the start): a size is run twice, cold
 * then warm. At the cold run's `finish` the world notes which ACTIVE task definitions that run described and what
 * task-definition cache it left, then resets every counter; the warm run's minimum spares the describes that cache
 * answers, and every DescribeTaskDefinition of an ARN the cold run described is reported by ARN.
 */
import type { AccountModel } from '../emulator/aws/account';
import { AWS_LIKE_QUOTAS, type Quota } from '../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../emulator/aws/server';
import type { ServiceDefinition } from '../emulator/aws/service';
import { allServices } from '../emulator/aws/services';
import { LAMBDA_QUOTAS } from '../emulator/aws/services/lambda';
import { K8S_RESOURCES, type K8sCluster } from '../emulator/k8s/model';
import { startK8sEmulator, type K8sEmulator } from '../emulator/k8s/server';
import {
  BENCH_ACCOUNT, BENCH_PRINCIPAL, BENCH_REGION, BENCH_STATE_BUCKET, BENCH_STATE_PREFIX, BENCH_TOPIC, generateWorld, type GeneratedWorld,
} from './e2e-account';
import { checkPlan } from './e2e-check';
import { BENCH_CONFIG_PATH } from './e2e-config';
import { minimumCalls, stateMinimum, summedMinimum, withCalls } from './e2e-minimum';
import {
  reportFailure, type BucketUse, type RegionCounters, type WorldCounters, type WorldFinish, type WorldReady,
  type WorldRequest, type WorldStats,
} from './e2e-protocol';
import { benchRegions, spreadShape } from './e2e-regions';
import { coldRunOf, stateSizes, taskDefinitionDescribes, type ColdRun, type Describe } from './e2e-world-state';
import { shapeOf } from './e2e-shape';

const QUOTAS: Readonly<Record<string, Quota>> = { ...AWS_LIKE_QUOTAS, ...LAMBDA_QUOTAS };
const KEEP_TASK_DEFINITION_REVISIONS = 5;
const SAMPLE_MS = 100;

interface Served {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  readonly world: GeneratedWorld;
  /** Calls that reached their handler (past faults and quotas), per `region service.Operation`. */
  readonly answered: Map<string, number>;
  readonly activity: Map<string, { first: number; last: number; count: number }>;
  /** The current run's DescribeTaskDefinition answers. */
  readonly describes: Describe[];
  sampler: NodeJS.Timeout;
  /** SNS messages published before the current run (the cold run's, during the warm one). */
  publishedBefore: number;
  /** Set at the cold run's finish: per region, the ACTIVE ARNs it described, and the ARNs of the cache it left. */
  cold?: ColdRun;
}

let served: Served | undefined;

process.on('message', (message: { type: string }) => {
  void handle(message).catch(reportFailure);
});
// The parent went away: never outlive it.
process.on('disconnect', () => void close().finally(() => process.exit(0)));

async function handle(message: { type: string }): Promise<void> {
  if (message.type === 'start') process.send?.(await start(message as WorldRequest));
  else if (message.type === 'finish') process.send?.(finish(message as WorldFinish));
  else if (message.type === 'close') await close().then(() => process.exit(0));
}

async function start(request: WorldRequest): Promise<WorldReady> {
  const started = performance.now();
  const regions = benchRegions(request.regions);
  const world = generateWorld(spreadShape(shapeOf(request.factor), regions.length), request.now, request.seed, regions);
  const generationSeconds = (performance.now() - started) / 1000;
  const k8s = await startK8sEmulator({ principals: [BENCH_PRINCIPAL], pageSize: 500, clusters: world.clusters });
  for (const model of world.models) model.eks.clusters = clustersIn(world, model.region).map((cluster) => k8s.eksCluster(cluster.name));
  const answered = new Map<string, number>();
  const describes: Describe[] = [];
  const aws = await startAwsEmulator({
    accounts: world.models, pageSize: 1000, latencyMs: request.latencyMs, quotas: QUOTAS, seed: request.seed,
    services: allServices.map((service) => counted(service, answered, describes)),
  });
  // The deployment's bucket, empty: the cold run finds no state and no cache. S3's store is the estate's, shared.
  aws.account.s3 = { buckets: { [BENCH_STATE_BUCKET]: {} } };
  const activity = new Map<string, { first: number; last: number; count: number }>();
  served = { aws, k8s, world, answered, activity, describes, sampler: setInterval(() => sample(aws, k8s, activity), SAMPLE_MS), publishedBefore: 0 };
  global.gc?.();
  return {
    type: 'ready',
    env: {
      AWS_ENDPOINT_URL: aws.url,
      AWS_REGION: BENCH_REGION,
      AWS_ACCESS_KEY_ID: BENCH_PRINCIPAL.accessKeyId,
      AWS_SECRET_ACCESS_KEY: BENCH_PRINCIPAL.secretAccessKey,
      CONFIG_PATH: BENCH_CONFIG_PATH,
      TOPIC_ARN: BENCH_TOPIC,
      STATE_BUCKET: BENCH_STATE_BUCKET,
      STATE_PREFIX: BENCH_STATE_PREFIX,
      ...(regions.length > 1 ? { REGIONS: regions.join(',') } : {}),
    },
    generationSeconds,
    worldRssMB: Math.round(process.memoryUsage().rss / 1048576),
    stats: statsOf(world.models, world.clusters),
    regions: world.models.map((model) => ({ region: model.region, stats: statsOf([model], clustersIn(world, model.region)) })),
  };
}

function clustersIn(world: GeneratedWorld, region: string): K8sCluster[] {
  return world.clusters.filter((cluster) => world.clusterRegions.get(cluster.name) === region);
}

/**
 * The service with each handler counting, per region, the calls that reach it: the answered ones; ECS's
 * DescribeTaskDefinition also notes the definition it answered with.
 */
function counted(service: ServiceDefinition, answered: Map<string, number>, describes: Describe[]): ServiceDefinition {
  const operations = Object.fromEntries(Object.entries(service.operations).map(([operation, handler]) => [
    operation,
    (input: unknown, ctx: Parameters<typeof handler>[1]) => {
      const key = `${ctx.account.region} ${service.signingName}.${operation}`;
      answered.set(key, (answered.get(key) ?? 0) + 1);
      if (service.signingName !== 'ecs' || operation !== 'DescribeTaskDefinition') return handler(input, ctx);
      const region = ctx.account.region;
      let answer: unknown;
      try {
        answer = handler(input, ctx);
      } catch (error) {
        describes.push({ region });
        throw error;
      }
      void Promise.resolve(answer).then((found) => {
        const definition = (found as { taskDefinition?: { taskDefinitionArn?: string; status?: string } }).taskDefinition;
        describes.push({ region, ...(definition?.taskDefinitionArn ? { arn: definition.taskDefinitionArn } : {}), ...(definition?.status ? { status: definition.status } : {}) });
      }, () => describes.push({ region }));
      return answer;
    },
  ]));
  return { ...service, operations };
}

/** Notes, per API, the first and the last sample at which its count had moved. */
function sample(aws: AwsEmulator, k8s: K8sEmulator, activity: Map<string, { first: number; last: number; count: number }>): void {
  const now = Date.now();
  for (const [api, count] of [...aws.calls, ...kubernetesCalls(k8s)]) {
    if (count === 0) continue;
    const seen = activity.get(api);
    if (!seen) activity.set(api, { first: now, last: now, count });
    else if (seen.count !== count) Object.assign(seen, { last: now, count });
  }
}

/** The Kubernetes emulator counts `<cluster> <resource>`; the bench reports them together as `k8s.list`. */
function kubernetesCalls(k8s: K8sEmulator, clusters?: ReadonlySet<string>): Map<string, number> {
  const counted = [...k8s.calls].filter(([key]) => !clusters || clusters.has(key.slice(0, key.indexOf(' '))));
  return new Map([['k8s.list', counted.reduce((a, [, b]) => a + b, 0)]]);
}

function kubernetesPerResource(k8s: K8sEmulator): Record<string, number> {
  const perResource: Record<string, number> = {};
  for (const [key, count] of k8s.calls) {
    const resource = key.split(' ')[1] ?? '?';
    perResource[resource] = (perResource[resource] ?? 0) + count;
  }
  return perResource;
}

function finish(request: WorldFinish): WorldCounters {
  if (!served) throw new Error('finish before start');
  const { aws, k8s, world, answered, activity, describes } = served;
  clearInterval(served.sampler);
  sample(aws, k8s, activity);
  const published = aws.account.sns.published.length - served.publishedBefore;
  const several = world.models.length > 1;
  const cachedAtStart = request.run === 'warm' ? served.cold?.cached : undefined;
  const minima = world.models.map((model) => minimumCalls(
    model, clustersIn(world, model.region), KEEP_TASK_DEFINITION_REVISIONS, model.region === BENCH_REGION ? published : 0, model.region === BENCH_REGION,
    cachedAtStart?.get(model.region),
  ));
  // The state's calls are all signed for the home region: its store and caches share one S3 client (lambda/wiring.ts).
  const state = stateMinimum(world.models.length, minima.filter((m) => m.cacheChanged).length);
  const regions = world.models.map((model, r): RegionCounters => {
    const region = model.region;
    const clusters = clustersIn(world, region);
    const kubernetes = kubernetesCalls(k8s, new Set(clusters.map((cluster) => cluster.name)));
    const prefix = `${region} `;
    const answeredHere = [...answered].filter(([key]) => key.startsWith(prefix)).map(([key, n]): [string, number] => [key.slice(prefix.length), n]);
    const minimum = minima[r] as (typeof minima)[number];
    return {
      region,
      calls: Object.fromEntries([...aws.callsBy(BENCH_ACCOUNT, region), ...kubernetes]),
      answered: Object.fromEntries([...answeredHere, ...kubernetes]),
      minimum: region === BENCH_REGION ? withCalls(minimum, state) : minimum,
      buckets: bucketUse(new Map(answeredHere), aws.callsBy(BENCH_ACCOUNT, region), several ? `${region} ` : ''),
    };
  });
  const counters: WorldCounters = {
    type: 'counters',
    calls: Object.fromEntries([...aws.calls, ...kubernetesCalls(k8s)]),
    throttled: Object.fromEntries(aws.throttled),
    kubernetes: kubernetesPerResource(k8s),
    activity: Object.fromEntries([...activity].map(([api, { first, last }]) => [api, { first, last }])),
    minimum: several ? summedMinimum(regions.map((r) => r.minimum)) : (regions[0] as RegionCounters).minimum,
    buckets: regions.flatMap((r) => r.buckets).sort((a, b) => b.floorSeconds - a.floorSeconds),
    published,
    regions,
    check: checkPlan(world.models, world.clusters, world.clusterRegions, KEEP_TASK_DEFINITION_REVISIONS, request.planned),
    state: stateSizes(aws, world.models.map((model) => model.region)),
    taskDefinitions: taskDefinitionDescribes(describes, minima.reduce((sum, m) => sum + (m.perApi['ecs.DescribeTaskDefinition'] ?? 0), 0), request.run === 'warm' ? served.cold : undefined),
  };
  if (request.run === 'cold') startWarm(served, world.models.map((model) => model.region));
  return counters;
}

/**
 * Between the runs: what the cold run described and the cache it left are noted, then every counter starts again from
 * zero; the world, the state bucket and the emulators' other state stay as the cold run left them.
 */
function startWarm(world: Served, regions: readonly string[]): void {
  const { aws, k8s, answered, activity, describes } = world;
  world.cold = coldRunOf(describes, aws, regions);
  aws.resetCounters();
  k8s.resetCounters();
  answered.clear();
  activity.clear();
  describes.length = 0;
  world.publishedBefore = aws.account.sns.published.length;
  world.sampler = setInterval(() => sample(aws, k8s, activity), SAMPLE_MS);
}

/**
 * Answered calls per quota bucket of one region (AWS meters each region of an account on its own); past the burst, a
 * bucket lets `perSecond` through: that is its time floor. `label` names the region when there are several.
 */
function bucketUse(answered: ReadonlyMap<string, number>, calls: ReadonlyMap<string, number>, label: string): BucketUse[] {
  const use = new Map<string, { accepted: number; throttled: number }>();
  for (const service of allServices) {
    for (const [operation, bucket] of Object.entries(service.quotaBuckets ?? {})) {
      const key = `${service.signingName}:${bucket}`;
      const api = `${service.signingName}.${operation}`;
      const accepted = answered.get(api) ?? 0;
      const entry = use.get(key) ?? { accepted: 0, throttled: 0 };
      use.set(key, { accepted: entry.accepted + accepted, throttled: entry.throttled + (calls.get(api) ?? 0) - accepted });
    }
  }
  return [...use].flatMap(([bucket, { accepted, throttled }]) => {
    const quota = QUOTAS[bucket];
    if (!quota || accepted === 0) return [];
    return [{ bucket: `${label}${bucket}`, accepted, throttled, ...quota, floorSeconds: Math.max(0, (accepted - quota.burst) / quota.perSecond) }];
  }).sort((a, b) => b.floorSeconds - a.floorSeconds);
}

function statsOf(models: readonly AccountModel[], clusters: readonly K8sCluster[]): WorldStats {
  const sum = (count: (model: AccountModel) => number) => models.reduce((total, model) => total + count(model), 0);
  const images = models.flatMap((model) => model.ecr.repositories.flatMap((r) => r.images));
  return {
    repositories: sum((m) => m.ecr.repositories.length),
    images: images.length,
    indexes: images.filter((i) => i.childDigests).length,
    referrers: images.filter((i) => i.subjectDigest || i.tags.some((t) => t.startsWith('sha256-'))).length,
    ecsClusters: sum((m) => m.ecs.clusters.length),
    services: sum((m) => m.ecs.clusters.reduce((n, c) => n + c.services.length, 0)),
    tasks: sum((m) => m.ecs.clusters.reduce((n, c) => n + c.tasks.length, 0)),
    taskDefinitions: sum((m) => m.ecs.taskDefinitions.length),
    eksClusters: clusters.length,
    pods: clusters.reduce((n, c) => n + (c.objects.pods?.length ?? 0), 0),
    kubernetesObjects: clusters.reduce((n, c) => n + K8S_RESOURCES.reduce((m, r) => m + (c.objects[r]?.length ?? 0), 0), 0),
    functions: sum((m) => m.lambda.functions.length),
    jobDefinitions: sum((m) => m.batch.jobDefinitions.length),
  };
}

async function close(): Promise<void> {
  if (!served) return;
  const { aws, k8s, sampler } = served;
  served = undefined;
  clearInterval(sampler);
  await Promise.all([aws.close(), k8s.close()]);
}
