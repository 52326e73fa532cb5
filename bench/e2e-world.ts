/**
 * The bench's world process: generates one size of account, serves it through the AWS emulator (page sizes at the
 * real maxima, 20 ms per call, AWS-like quotas, Lambda's included) and the Kubernetes emulator (limit 500), counts
 * every call with when each API was active, and answers the parent: `start` → `ready`, `finish` → `counters`,
 * `close` → closes both emulators and exits.
 */
import type { AccountModel } from '../emulator/aws/account';
import { AWS_LIKE_QUOTAS, type Quota } from '../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../emulator/aws/server';
import { allServices } from '../emulator/aws/services';
import { LAMBDA_QUOTAS } from '../emulator/aws/services/lambda';
import { K8S_RESOURCES, type K8sCluster } from '../emulator/k8s/model';
import { startK8sEmulator, type K8sEmulator } from '../emulator/k8s/server';
import { BENCH_PRINCIPAL, BENCH_REGION, BENCH_TOPIC, generateWorld } from './e2e-account';
import { BENCH_CONFIG_PATH } from './e2e-config';
import { minimumCalls } from './e2e-minimum';
import { reportFailure, type BucketUse, type WorldCounters, type WorldReady, type WorldRequest, type WorldStats } from './e2e-protocol';
import { shapeOf } from './e2e-shape';

const QUOTAS: Readonly<Record<string, Quota>> = { ...AWS_LIKE_QUOTAS, ...LAMBDA_QUOTAS };
const KEEP_TASK_DEFINITION_REVISIONS = 5;
const SAMPLE_MS = 100;

interface Served {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  readonly clusters: K8sCluster[];
  readonly activity: Map<string, { first: number; last: number; count: number }>;
  readonly sampler: NodeJS.Timeout;
}

let served: Served | undefined;

process.on('message', (message: { type: string }) => {
  void handle(message).catch(reportFailure);
});
// The parent went away: never outlive it.
process.on('disconnect', () => void close().finally(() => process.exit(0)));

async function handle(message: { type: string }): Promise<void> {
  if (message.type === 'start') process.send?.(await start(message as WorldRequest));
  else if (message.type === 'finish') process.send?.(finish());
  else if (message.type === 'close') await close().then(() => process.exit(0));
}

async function start(request: WorldRequest): Promise<WorldReady> {
  const started = performance.now();
  const { account, clusters } = generateWorld(shapeOf(request.factor), request.now, request.seed);
  const generationSeconds = (performance.now() - started) / 1000;
  const k8s = await startK8sEmulator({ principals: [BENCH_PRINCIPAL], pageSize: 500, clusters });
  account.eks.clusters = clusters.map((cluster) => k8s.eksCluster(cluster.name));
  const aws = await startAwsEmulator({ account, pageSize: 1000, latencyMs: request.latencyMs, quotas: QUOTAS, seed: request.seed });
  const activity = new Map<string, { first: number; last: number; count: number }>();
  served = { aws, k8s, clusters, activity, sampler: setInterval(() => sample(aws, k8s, activity), SAMPLE_MS) };
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
    },
    generationSeconds,
    worldRssMB: Math.round(process.memoryUsage().rss / 1048576),
    stats: statsOf(account, clusters),
  };
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
function kubernetesCalls(k8s: K8sEmulator): Map<string, number> {
  return new Map([['k8s.list', [...k8s.calls.values()].reduce((a, b) => a + b, 0)]]);
}

function kubernetesPerResource(k8s: K8sEmulator): Record<string, number> {
  const perResource: Record<string, number> = {};
  for (const [key, count] of k8s.calls) {
    const resource = key.split(' ')[1] ?? '?';
    perResource[resource] = (perResource[resource] ?? 0) + count;
  }
  return perResource;
}

function finish(): WorldCounters {
  if (!served) throw new Error('finish before start');
  const { aws, k8s, clusters, activity } = served;
  clearInterval(served.sampler);
  sample(aws, k8s, activity);
  const published = aws.account.sns.published.length;
  return {
    type: 'counters',
    calls: Object.fromEntries([...aws.calls, ...kubernetesCalls(k8s)]),
    throttled: Object.fromEntries(aws.throttled),
    kubernetes: kubernetesPerResource(k8s),
    activity: Object.fromEntries([...activity].map(([api, { first, last }]) => [api, { first, last }])),
    minimum: minimumCalls(aws.account, clusters, KEEP_TASK_DEFINITION_REVISIONS, published),
    buckets: bucketUse(aws),
    published,
  };
}

/** Accepted calls per quota bucket; past the burst, a bucket lets `perSecond` through: that is its time floor. */
function bucketUse(aws: AwsEmulator): BucketUse[] {
  const use = new Map<string, { accepted: number; throttled: number }>();
  for (const service of allServices) {
    for (const [operation, bucket] of Object.entries(service.quotaBuckets ?? {})) {
      const key = `${service.signingName}:${bucket}`;
      const calls = aws.calls.get(`${service.signingName}.${operation}`) ?? 0;
      const throttled = aws.throttled.get(`${service.signingName}.${operation}`) ?? 0;
      const entry = use.get(key) ?? { accepted: 0, throttled: 0 };
      use.set(key, { accepted: entry.accepted + calls - throttled, throttled: entry.throttled + throttled });
    }
  }
  return [...use].flatMap(([bucket, { accepted, throttled }]) => {
    const quota = QUOTAS[bucket];
    if (!quota || accepted === 0) return [];
    return [{ bucket, accepted, throttled, ...quota, floorSeconds: Math.max(0, (accepted - quota.burst) / quota.perSecond) }];
  }).sort((a, b) => b.floorSeconds - a.floorSeconds);
}

function statsOf(account: AccountModel, clusters: readonly K8sCluster[]): WorldStats {
  const images = account.ecr.repositories.flatMap((r) => r.images);
  return {
    repositories: account.ecr.repositories.length,
    images: images.length,
    indexes: images.filter((i) => i.childDigests).length,
    referrers: images.filter((i) => i.subjectDigest || i.tags.some((t) => t.startsWith('sha256-'))).length,
    ecsClusters: account.ecs.clusters.length,
    services: account.ecs.clusters.reduce((n, c) => n + c.services.length, 0),
    tasks: account.ecs.clusters.reduce((n, c) => n + c.tasks.length, 0),
    taskDefinitions: account.ecs.taskDefinitions.length,
    eksClusters: clusters.length,
    pods: clusters.reduce((n, c) => n + (c.objects.pods?.length ?? 0), 0),
    kubernetesObjects: clusters.reduce((n, c) => n + K8S_RESOURCES.reduce((m, r) => m + (c.objects[r]?.length ?? 0), 0), 0),
    functions: account.lambda.functions.length,
    jobDefinitions: account.batch.jobDefinitions.length,
  };
}

async function close(): Promise<void> {
  if (!served) return;
  const { aws, k8s, sampler } = served;
  served = undefined;
  clearInterval(sampler);
  await Promise.all([aws.close(), k8s.close()]);
}
