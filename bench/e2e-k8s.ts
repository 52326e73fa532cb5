/**
 * EKS at scale: each cluster holds its share of the pods — Deployments with their current and scaled-to-zero
 * ReplicaSets (rollback history), StatefulSets and DaemonSets with ControllerRevisions, Jobs and CronJobs — and the
 * pods they run, with the digest each container pulled in its status. Clusters run the same apps at different
 * versions (cluster 0 the newest). Pods of one ReplicaSet share their spec and status objects: 60,000 pods stay small.
 */
import { controllerRevision, cronJob, daemonSet, deployment, job, podSpec, replicaSet, statefulSet, type PodSpecFixture } from '../emulator/k8s/fixtures';
import type { K8sCluster, K8sObject } from '../emulator/k8s/model';
import { repositoryName, type ImagePath, type ImageRef, type Registry } from './e2e-images';
import { randomHex, splitTotal, type Random } from './e2e-random';
import type { AccountShape } from './e2e-shape';

const NAMESPACES = 20;
const BASE = 1;
const NODE_AGENT = 2;
const OTEL = 3;
const PUBLIC_SIDECAR = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0';

interface ClusterContext {
  /** The cluster's index over every region: its name, and how many releases it runs behind cluster 0. */
  readonly index: number;
  readonly imagePath: ImagePath;
  readonly registry: Registry;
  readonly rand: Random;
  readonly objects: Required<K8sCluster['objects']>;
}

/**
 * `apps`: the repositories the clusters' deployments, stateful sets and jobs run; `firstCluster`: the index of the first
 * cluster over every region (cluster names are unique across regions, as the Kubernetes emulator keys them).
 */
export function generateClusters(
  shape: AccountShape, registry: Registry, apps: readonly number[], imagePath: ImagePath, principalArn: string, rand: Random, firstCluster = 0,
): K8sCluster[] {
  const podsPerCluster = splitTotal(rand, shape.pods, shape.eksClusters, 0);
  return podsPerCluster.map((pods, offset) => {
    const index = firstCluster + offset;
    const objects: ClusterContext['objects'] = { pods: [], deployments: [], replicasets: [], statefulsets: [], daemonsets: [], controllerrevisions: [], jobs: [], cronjobs: [], replicationcontrollers: [], podtemplates: [] };
    const context: ClusterContext = { index, imagePath, registry, rand, objects };
    const nodes = Math.max(1, Math.round(pods / 50));
    const statefulSets = Math.max(1, Math.round(pods / 250));
    const jobs = Math.max(1, Math.round(pods / 50));
    addDaemonSets(context, nodes);
    addStatefulSets(context, statefulSets, apps);
    addJobs(context, jobs, Math.max(1, Math.round(pods / 250)), apps);
    addDeployments(context, pods - 4 * nodes - 3 * statefulSets - jobs, Math.max(1, Math.round(pods / 10)), apps);
    return { name: `eks-${['prod-us', 'prod-eu', 'staging', 'dev'][index % 4]}-${index}`, accessEntries: [principalArn], objects };
  });
}

function namespaceOf(i: number): string {
  return `ns-${String(i % NAMESPACES).padStart(2, '0')}`;
}

/** The build of a repository this cluster runs `age` releases back (cluster k runs k releases behind cluster 0). */
function build(context: ClusterContext, repository: number, age: number): ImageRef {
  const builds = context.registry.builds(repository);
  return builds[Math.min(context.index + age, builds.length - 1)] as ImageRef;
}

function tagged(context: ClusterContext, repository: number, ref: ImageRef): string {
  return `${context.imagePath(repository)}:${ref.tag}`;
}

/** The spec and the status every pod of one template shares: ECR containers report the digest they pulled. */
function podTemplate(context: ClusterContext, repository: number, age: number, sidecar: boolean): { spec: PodSpecFixture; status: Record<string, unknown> } {
  const app = build(context, repository, age);
  const base = build(context, BASE, 0);
  const containers = [{ name: 'app', image: tagged(context, repository, app) }, ...(sidecar ? [{ name: 'otel', image: PUBLIC_SIDECAR }] : [])];
  const spec: PodSpecFixture = { containers, ...(repository % 10 === 0 ? { initContainers: [{ name: 'init', image: tagged(context, BASE, base) }] } : {}) };
  const running = { ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } };
  const containerStatuses = [
    { name: 'app', image: containers[0]?.image, imageID: `${context.imagePath(repository)}@${app.digest}`, ...running },
    ...(sidecar ? [{ name: 'otel', image: PUBLIC_SIDECAR, imageID: '', ...running }] : []),
  ];
  return { spec, status: { phase: 'Running', containerStatuses } };
}

function addPods(context: ClusterContext, namespace: string, owner: string, count: number, template: ReturnType<typeof podTemplate>): void {
  const spec = podSpec(template.spec);
  for (let i = 0; i < count; i++) {
    const name = `${owner}-${randomHex(context.rand, 5)}`;
    const metadata = { name, namespace, uid: `${namespace}-${name}`, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' };
    context.objects.pods.push({ metadata, spec, status: template.status } as K8sObject);
  }
}

function addDeployments(context: ClusterContext, pods: number, count: number, apps: readonly number[]): void {
  const replicas = splitTotal(context.rand, Math.max(0, pods), count, 0.7);
  replicas.forEach((podCount, d) => {
    const repository = apps[d % apps.length] as number;
    const namespace = namespaceOf(d);
    const name = `${repositoryName(repository).split('/')[1]}-${d}`;
    const current = podTemplate(context, repository, 0, d % 3 === 0);
    context.objects.deployments.push(deployment(namespace, name, current.spec, podCount));
    const hash = randomHex(context.rand, 10);
    context.objects.replicasets.push(replicaSet(namespace, `${name}-${hash}`, current.spec, podCount));
    for (let age = 1; age <= Math.floor(context.rand() * 5); age++) {
      context.objects.replicasets.push(replicaSet(namespace, `${name}-${randomHex(context.rand, 10)}`, podTemplate(context, repository, age, false).spec, 0));
    }
    addPods(context, namespace, `${name}-${hash}`, podCount, current);
  });
}

function addStatefulSets(context: ClusterContext, count: number, apps: readonly number[]): void {
  for (let s = 0; s < count; s++) {
    const repository = apps[(s * 7) % apps.length] as number;
    const namespace = namespaceOf(s);
    const name = `db-${s}`;
    const current = podTemplate(context, repository, 0, false);
    context.objects.statefulsets.push(statefulSet(namespace, name, current.spec, 3));
    context.objects.controllerrevisions.push(
      controllerRevision(namespace, `${name}-${randomHex(context.rand, 10)}`, name, 1, podTemplate(context, repository, 1, false).spec),
      controllerRevision(namespace, `${name}-${randomHex(context.rand, 10)}`, name, 2, current.spec),
    );
    addPods(context, namespace, name, 3, current);
  }
}

function addDaemonSets(context: ClusterContext, nodes: number): void {
  [NODE_AGENT, OTEL, NODE_AGENT, OTEL].forEach((repository, d) => {
    const name = `agent-${d}`;
    const current = podTemplate(context, repository, d >> 1, false);
    context.objects.daemonsets.push(daemonSet('kube-system', name, current.spec));
    context.objects.controllerrevisions.push(
      controllerRevision('kube-system', `${name}-${randomHex(context.rand, 10)}`, name, 1, podTemplate(context, repository, (d >> 1) + 1, false).spec),
      controllerRevision('kube-system', `${name}-${randomHex(context.rand, 10)}`, name, 2, current.spec),
    );
    addPods(context, 'kube-system', name, nodes, current);
  });
}

function addJobs(context: ClusterContext, jobs: number, cronJobs: number, apps: readonly number[]): void {
  for (let c = 0; c < cronJobs; c++) {
    const repository = apps[(c * 13) % apps.length] as number;
    context.objects.cronjobs.push(cronJob(namespaceOf(c), `report-${c}`, podTemplate(context, repository, 0, false).spec));
  }
  for (let j = 0; j < jobs; j++) {
    const repository = apps[(j * 13) % apps.length] as number;
    const template = podTemplate(context, repository, j % 3, false);
    const name = `report-${j % cronJobs}-${randomHex(context.rand, 8)}`;
    context.objects.jobs.push(job(namespaceOf(j), name, template.spec));
    addPods(context, namespaceOf(j), name, 1, template);
  }
}
