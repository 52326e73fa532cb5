/**
 * The emulated Kubernetes clusters: plain JSON objects, exactly as the API server would serialize them, per resource.
 * Tests build them with fixtures.ts and may mutate them between calls.
 */

export const K8S_RESOURCES = [
  'pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'controllerrevisions', 'jobs', 'cronjobs',
  'replicationcontrollers', 'podtemplates',
] as const;
export type K8sResource = (typeof K8S_RESOURCES)[number];

/** API path of each all-namespaces list, and the `kind` of its list answer. */
export const RESOURCE_ROUTES: Readonly<Record<K8sResource, { readonly path: string; readonly apiVersion: string; readonly listKind: string }>> = {
  pods: { path: '/api/v1/pods', apiVersion: 'v1', listKind: 'PodList' },
  deployments: { path: '/apis/apps/v1/deployments', apiVersion: 'apps/v1', listKind: 'DeploymentList' },
  replicasets: { path: '/apis/apps/v1/replicasets', apiVersion: 'apps/v1', listKind: 'ReplicaSetList' },
  statefulsets: { path: '/apis/apps/v1/statefulsets', apiVersion: 'apps/v1', listKind: 'StatefulSetList' },
  daemonsets: { path: '/apis/apps/v1/daemonsets', apiVersion: 'apps/v1', listKind: 'DaemonSetList' },
  controllerrevisions: { path: '/apis/apps/v1/controllerrevisions', apiVersion: 'apps/v1', listKind: 'ControllerRevisionList' },
  jobs: { path: '/apis/batch/v1/jobs', apiVersion: 'batch/v1', listKind: 'JobList' },
  cronjobs: { path: '/apis/batch/v1/cronjobs', apiVersion: 'batch/v1', listKind: 'CronJobList' },
  // core/v1 (Kubernetes API reference, "ReplicationController v1 core" and "PodTemplate v1 core": list all namespaces).
  replicationcontrollers: { path: '/api/v1/replicationcontrollers', apiVersion: 'v1', listKind: 'ReplicationControllerList' },
  podtemplates: { path: '/api/v1/podtemplates', apiVersion: 'v1', listKind: 'PodTemplateList' },
};

export interface K8sObject {
  metadata: { name: string; namespace: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface K8sCluster {
  /** The EKS cluster name: tokens must be signed with `x-k8s-aws-id: <name>`. */
  name: string;
  /**
   * The endpoint's path segment and the key of its counters; the name when absent. EKS names are unique per account
   * and Region only (CreateCluster: "The unique name to give to your cluster" within the Region), so clusters of one
   * name in two accounts or Regions need distinct ids here.
   */
  endpointId?: string;
  /** Principal ARNs with an access entry (AmazonEKSViewPolicy, cluster scope); anyone else gets 403. */
  accessEntries: string[];
  objects: Partial<Record<K8sResource, K8sObject[]>>;
  /**
   * Resources the access entry's principal may also list through Kubernetes RBAC (a ClusterRole bound to the
   * entry's Kubernetes group), beyond what AmazonEKSViewPolicy grants.
   */
  extraReadable?: string[];
  /** Custom resources the cluster serves (their CRDs installed), listed at `/apis/<group>/<version>/<resource>`. */
  customResources?: K8sCustomResource[];
}

export interface K8sCustomResource {
  readonly group: string;
  readonly version: string;
  /** The plural resource name, as in the URL (`rollouts`). */
  readonly resource: string;
  /** `kind` of the objects (`Rollout`); the list answer's kind is `<kind>List`. */
  readonly kind: string;
  items: K8sObject[];
}

export function endpointIdOf(cluster: K8sCluster): string {
  return cluster.endpointId ?? cluster.name;
}

/** One list the API server can answer: its key (`pods`, `rollouts.argoproj.io`), objects and answer kind. */
export interface ServedList {
  readonly key: string;
  readonly items: readonly K8sObject[];
  readonly listKind: string;
  readonly apiVersion: string;
  /** Whether AmazonEKSViewPolicy grants listing it. */
  readonly inViewPolicy: boolean;
}

/**
 * The list a path names in a cluster: a built-in all-namespaces list, or a served custom resource's
 * (`/apis/<group>/<version>/<plural>` lists it across namespaces: Kubernetes API concepts, "Resource URIs").
 * Undefined when the cluster serves nothing there (the API server's 404).
 */
export function servedListOf(cluster: K8sCluster, path: string): ServedList | undefined {
  const builtIn = resourceOfPath(path);
  if (builtIn) {
    const route = RESOURCE_ROUTES[builtIn];
    return { key: builtIn, items: cluster.objects[builtIn] ?? [], listKind: route.listKind, apiVersion: route.apiVersion, inViewPolicy: VIEW_POLICY_RESOURCES.has(builtIn) };
  }
  const custom = (cluster.customResources ?? []).find((cr) => path === `/apis/${cr.group}/${cr.version}/${cr.resource}`);
  if (!custom) return undefined;
  // AmazonEKSViewPolicy grants no custom resources (EKS user guide, access policy permissions; Kubernetes' view role).
  return { key: `${custom.resource}.${custom.group}`, items: custom.items, listKind: `${custom.kind}List`, apiVersion: `${custom.group}/${custom.version}`, inViewPolicy: false };
}

/**
 * What AmazonEKSViewPolicy lets an access entry list at cluster scope. The policy mirrors Kubernetes' `view` role
 * (EKS user guide, "Review access policy permissions"), whose rules (bootstrap policy, system:aggregate-to-view)
 * name pods and replicationcontrollers in the core group but not podtemplates. Unverified: EKS calls the policy
 * similar to `view`; its exact table is assumed equal to system:aggregate-to-view here. Assuming less is granted is the
 * safe side: a source then fails closed on a 403 rather than skipping a resource it could read.
 */
export const VIEW_POLICY_RESOURCES: ReadonlySet<K8sResource> = new Set(K8S_RESOURCES.filter((resource) => resource !== 'podtemplates'));

export function resourceOfPath(path: string): K8sResource | undefined {
  return K8S_RESOURCES.find((resource) => RESOURCE_ROUTES[resource].path === path);
}
