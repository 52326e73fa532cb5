/**
 * Where Kubernetes objects name images: a pod's containers, init and ephemeral containers, OCI image volumes and the
 * digests its status reports; and every pod template that will start pods later (Deployments, every ReplicaSet —
 * scaled-to-0 ones are rollback targets —, StatefulSets, DaemonSets, the templates ControllerRevisions store for
 * StatefulSet and DaemonSet rollbacks, Jobs, CronJobs' job templates, ReplicationControllers — at 0 replicas too: a
 * scale-up starts their template — and PodTemplates, core/v1 objects that controllers and people create pods from).
 * Objects are read structurally: typed client objects and raw JSON (a ControllerRevision's `data`) look the same.
 */
import type { LiveReference, ReferenceSource } from '../../core/model';

export const WORKLOAD_RESOURCES = [
  'pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'controllerrevisions', 'jobs', 'cronjobs',
  'replicationcontrollers', 'podtemplates',
] as const;
export type WorkloadResource = (typeof WORKLOAD_RESOURCES)[number];

interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
}

export interface PodSpecLike {
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
  readonly volumes?: readonly { readonly name?: string; readonly image?: { readonly reference?: string } }[];
}

interface ContainerStatusLike {
  readonly name?: string;
  readonly imageID?: string;
}

interface PodStatusLike {
  readonly containerStatuses?: readonly ContainerStatusLike[];
  readonly initContainerStatuses?: readonly ContainerStatusLike[];
  readonly ephemeralContainerStatuses?: readonly ContainerStatusLike[];
}

export interface WorkloadObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: unknown;
  readonly status?: unknown;
  readonly data?: unknown;
  /** A PodTemplate's pod template: top-level, not under `spec`. */
  readonly template?: unknown;
}

const KIND: Readonly<Record<WorkloadResource, string>> = {
  pods: 'pod', deployments: 'deployment', replicasets: 'replicaset', statefulsets: 'statefulset', daemonsets: 'daemonset',
  controllerrevisions: 'controllerrevision', jobs: 'job', cronjobs: 'cronjob',
  replicationcontrollers: 'replicationcontroller', podtemplates: 'podtemplate',
};

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Which cluster a reference was read in: the source that reports it and how its location starts. The same reading
 * serves an EKS cluster (`eks cluster/prod`) and a kubeconfig context (`kubernetes context/onprem`).
 */
export interface ClusterOrigin {
  readonly source: ReferenceSource;
  readonly prefix: string;
}

export function eksOrigin(cluster: string): ClusterOrigin {
  return { source: 'eks', prefix: `eks cluster/${cluster}` };
}

/** `<prefix> namespace/<ns> <kind>/<name>`: where a person finds the object. */
export function objectLocation(origin: ClusterOrigin, kind: string, object: WorkloadObject): string {
  return `${origin.prefix} namespace/${object.metadata?.namespace ?? ''} ${kind}/${object.metadata?.name ?? ''}`;
}

/** Every image reference one object holds, each with a location a person can find it by. A string names an EKS cluster. */
export function imagesOfObject(cluster: string | ClusterOrigin, resource: WorkloadResource, object: WorkloadObject): LiveReference[] {
  const origin = typeof cluster === 'string' ? eksOrigin(cluster) : cluster;
  const location = objectLocation(origin, KIND[resource], object);
  const spec = podSpecOf(resource, object);
  const references = spec ? imagesOfPodSpec(spec, location, origin.source) : [];
  if (resource === 'pods') references.push(...imagesOfPodStatus(object.status as PodStatusLike | undefined, location, origin.source));
  return references;
}

/** The pod spec an object runs or will run; undefined for a ControllerRevision that stores no pod template. */
export function podSpecOf(resource: WorkloadResource, object: WorkloadObject): PodSpecLike | undefined {
  const at = (root: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
  switch (resource) {
    case 'pods':
      return object.spec as PodSpecLike | undefined;
    case 'controllerrevisions':
      return at(object.data, 'spec', 'template', 'spec') as PodSpecLike | undefined;
    case 'cronjobs':
      return at(object.spec, 'jobTemplate', 'spec', 'template', 'spec') as PodSpecLike | undefined;
    case 'podtemplates':
      return at(object.template, 'spec') as PodSpecLike | undefined;
    default:
      return at(object.spec, 'template', 'spec') as PodSpecLike | undefined;
  }
}

export function imagesOfPodSpec(spec: PodSpecLike, location: string, source: ReferenceSource = 'eks'): LiveReference[] {
  const references: LiveReference[] = [];
  const add = (where: string, image: string | undefined) => {
    if (image) references.push({ source, location: `${location} ${where}`, image });
  };
  for (const c of spec.containers ?? []) add(`container/${c.name ?? ''}`, c.image);
  for (const c of spec.initContainers ?? []) add(`initcontainer/${c.name ?? ''}`, c.image);
  for (const c of spec.ephemeralContainers ?? []) add(`ephemeralcontainer/${c.name ?? ''}`, c.image);
  for (const v of spec.volumes ?? []) add(`volume/${v.name ?? ''}`, v.image?.reference);
  return references;
}

/**
 * What the kubelet reports it pulled. For a multi-arch image, imageID holds the index digest (containerd), which the
 * planner expands to its children. Empty while pulling; `docker-pullable://` under dockershim.
 */
export function imagesOfPodStatus(status: PodStatusLike | undefined, location: string, source: ReferenceSource = 'eks'): LiveReference[] {
  const lists: readonly [string, readonly ContainerStatusLike[] | undefined][] = [
    ['containerstatus', status?.containerStatuses],
    ['initcontainerstatus', status?.initContainerStatuses],
    ['ephemeralcontainerstatus', status?.ephemeralContainerStatuses],
  ];
  const references: LiveReference[] = [];
  for (const [where, statuses] of lists) {
    for (const s of statuses ?? []) {
      const reference = statusReference(s.imageID);
      if (reference) references.push({ source, location: `${location} ${where}/${s.name ?? ''}`, ...reference });
    }
  }
  return references;
}

/** `docker-pullable://repo@sha256:…` → `repo@sha256:…` with its digest; a bare `sha256:…` is its own digest. */
export function statusReference(imageID: string | undefined): { image: string; digest?: string } | undefined {
  const image = (imageID ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  if (!image) return undefined;
  const digest = image.includes('@') ? image.slice(image.lastIndexOf('@') + 1) : image;
  return DIGEST.test(digest) ? { image, digest } : { image };
}
