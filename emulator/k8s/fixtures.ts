/**
 * Builders for the Kubernetes objects tests put in an emulated cluster, in their wire (JSON) shape: pod specs, every
 * workload template, a ControllerRevision's stored template, a CronJob's jobTemplate.
 */
import type { K8sObject } from './model';

export interface ContainerFixture {
  readonly name: string;
  readonly image: string;
}

export interface PodSpecFixture {
  readonly containers: readonly ContainerFixture[];
  readonly initContainers?: readonly ContainerFixture[];
  readonly ephemeralContainers?: readonly ContainerFixture[];
  /** OCI image volumes: name → reference. */
  readonly imageVolumes?: Readonly<Record<string, string>>;
}

export type PodSpecJson = Record<string, unknown>;

export function podSpec(spec: PodSpecFixture): PodSpecJson {
  const volumes = Object.entries(spec.imageVolumes ?? {}).map(([name, reference]) => ({ name, image: { reference, pullPolicy: 'IfNotPresent' } }));
  return {
    containers: spec.containers.map((c) => ({ ...c })),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => ({ ...c })) } : {}),
    ...(spec.ephemeralContainers ? { ephemeralContainers: spec.ephemeralContainers.map((c) => ({ ...c })) } : {}),
    ...(volumes.length > 0 ? { volumes } : {}),
  };
}

export interface ContainerStatusFixture {
  readonly name: string;
  readonly image: string;
  /** `<repo>@sha256:…`, `docker-pullable://…`, a bare `sha256:…`, or '' while pulling. */
  readonly imageID: string;
}

export interface PodStatusFixture {
  readonly containerStatuses?: readonly ContainerStatusFixture[];
  readonly initContainerStatuses?: readonly ContainerStatusFixture[];
  readonly ephemeralContainerStatuses?: readonly ContainerStatusFixture[];
}

function meta(namespace: string, name: string, extra: Record<string, unknown> = {}) {
  return { name, namespace, uid: `${namespace}-${name}`, resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z', ...extra };
}

export function pod(namespace: string, name: string, spec: PodSpecFixture, status: PodStatusFixture = {}): K8sObject {
  const statuses = Object.fromEntries(Object.entries(status).map(([field, list]) => [
    field,
    (list as ContainerStatusFixture[]).map((s) => ({ ...s, ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } })),
  ]));
  return { metadata: meta(namespace, name), spec: podSpec(spec), status: { phase: 'Running', ...statuses } };
}

/** Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs all hold `spec.template.spec`. */
function templated(namespace: string, name: string, spec: PodSpecFixture, extraSpec: Record<string, unknown>): K8sObject {
  return {
    metadata: meta(namespace, name),
    spec: { ...extraSpec, template: { metadata: { labels: { app: name } }, spec: podSpec(spec) } },
  };
}

export function deployment(namespace: string, name: string, spec: PodSpecFixture, replicas = 1): K8sObject {
  return templated(namespace, name, spec, { replicas, selector: { matchLabels: { app: name } } });
}

export function replicaSet(namespace: string, name: string, spec: PodSpecFixture, replicas = 1): K8sObject {
  return templated(namespace, name, spec, { replicas, selector: { matchLabels: { app: name } } });
}

export function statefulSet(namespace: string, name: string, spec: PodSpecFixture, replicas = 1): K8sObject {
  return templated(namespace, name, spec, { replicas, serviceName: name, selector: { matchLabels: { app: name } } });
}

export function daemonSet(namespace: string, name: string, spec: PodSpecFixture): K8sObject {
  return templated(namespace, name, spec, { selector: { matchLabels: { app: name } } });
}

export function job(namespace: string, name: string, spec: PodSpecFixture): K8sObject {
  return templated(namespace, name, spec, { backoffLimit: 6 });
}

export function cronJob(namespace: string, name: string, spec: PodSpecFixture, schedule = '0 3 * * *'): K8sObject {
  return {
    metadata: meta(namespace, name),
    spec: { schedule, jobTemplate: { spec: { template: { spec: podSpec(spec) } } } },
  };
}

/** What the StatefulSet and DaemonSet controllers store: a template patch under `data.spec.template`. */
export function controllerRevision(namespace: string, name: string, owner: string, revision: number, spec: PodSpecFixture): K8sObject {
  return {
    metadata: meta(namespace, name, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: owner, uid: `${namespace}-${owner}` }] }),
    revision,
    data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: owner } }, spec: podSpec(spec) } } },
  };
}

/** core/v1 ReplicationController: `spec.template.spec`, like a ReplicaSet (at 0 replicas too). */
export function replicationController(namespace: string, name: string, spec: PodSpecFixture, replicas = 1): K8sObject {
  return templated(namespace, name, spec, { replicas, selector: { app: name } });
}

/** core/v1 PodTemplate: the pod template is top-level `template`, there is no `spec`. */
export function podTemplate(namespace: string, name: string, spec: PodSpecFixture): K8sObject {
  return { metadata: meta(namespace, name), template: { metadata: { labels: { app: name } }, spec: podSpec(spec) } };
}
