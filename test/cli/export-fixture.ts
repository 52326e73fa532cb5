/**
 * The world `export` reads in tests: emulated Kubernetes API servers (HTTPS, page size 2) behind a kubeconfig file
 * with one context per cluster, and an emulated S3 with the exchange bucket. The emulator authenticates EKS tokens
 * only, so each kubeconfig user holds a static one signed for its cluster: to the CLI, a bearer token like any other.
 */
import { CLEANER, REGION, REGISTRY } from '../../emulator/k8s/eks-world';
import { deployment } from '../../emulator/k8s/fixtures';
import type { K8sCluster } from '../../emulator/k8s/model';
import { prodCluster, smallCluster } from '../../emulator/k8s/sample-clusters';
import { startK8sEmulator, type K8sEmulator } from '../../emulator/k8s/server';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { createEksToken } from '../../lambda/adapters/eks/token';
import type { Workspace } from './cli-fixture';

export const BUCKET = 'ecr-retention-exchange';
export const NGINX = 'docker.io/library/nginx:1.27';
export const ROLLOUT_IMAGE = `${REGISTRY}/shop/checkout:v3`;

/** prodCluster with a docker.io deployment (never exported); its user may not list podtemplates (403). */
function onprem(): K8sCluster {
  const cluster = prodCluster('onprem');
  cluster.objects.deployments?.push(deployment('web', 'nginx', { containers: [{ name: 'nginx', image: NGINX }] }));
  return cluster;
}

/** One deployment, and an Argo Rollout; its user may also list rollouts and podtemplates through extra RBAC. */
function edge(): K8sCluster {
  const rollout = {
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'app', image: ROLLOUT_IMAGE }] } } },
  };
  return {
    ...smallCluster('edge'),
    customResources: [{ group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts', kind: 'Rollout', items: [rollout] }],
    extraReadable: ['rollouts.argoproj.io', 'podtemplates'],
  };
}

export interface ExportWorld {
  readonly k8s: K8sEmulator;
  readonly aws: AwsEmulator;
  readonly kubeconfig: string;
  close(): Promise<void>;
}

export async function startExportWorld(workspace: Workspace): Promise<ExportWorld> {
  const k8s = await startK8sEmulator({ clusters: [onprem(), edge()], principals: [CLEANER], pageSize: 2 });
  const aws = await startAwsEmulator({ account: emptyAccount('111122223333', REGION), quotas: {} });
  aws.account.s3 = { buckets: { [BUCKET]: {} } };
  const kubeconfig = workspace.file('kubeconfig', JSON.stringify(await kubeconfigOf(k8s)));
  return { k8s, aws, kubeconfig, close: async () => void (await Promise.all([k8s.close(), aws.close()])) };
}

/** A kubeconfig as kubectl writes one: a cluster, a user and a context per emulated cluster, named after it. */
async function kubeconfigOf(k8s: K8sEmulator): Promise<Record<string, unknown>> {
  const names = k8s.clusters.map((cluster) => cluster.name);
  const users = await Promise.all(names.map(async (name) => ({
    name: `${name}-reader`,
    user: { token: await createEksToken({ cluster: name, region: REGION, credentials: CLEANER, now: Date.now() }) },
  })));
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((name) => ({ name, cluster: { server: k8s.endpointOf(name), 'certificate-authority-data': k8s.caData } })),
    users,
    contexts: names.map((name) => ({ name, context: { cluster: name, user: `${name}-reader` } })),
    'current-context': names[0],
  };
}
