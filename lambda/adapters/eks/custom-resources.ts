/**
 * Custom resources that carry pod specs (Argo Rollouts, Knative Services, KEDA ScaledJobs…), as the settings name
 * them: `{ group, version, resource, podSpecs: ["spec.template.spec"] }`. Each path leads from the object to a pod
 * spec, read like any workload's template (workload-images.ts). A path that leads nowhere in an object yields
 * nothing for it: custom resources are free-form, and a Rollout using `workloadRef` has no inline template.
 */
import type { LiveReference } from '../../core/model';
import type { CustomResourceSetting } from '../../core/policy';
import { eksOrigin, imagesOfPodSpec, objectLocation, type ClusterOrigin, type PodSpecLike, type WorkloadObject } from './workload-images';

/** `rollouts.argoproj.io`: how locations, errors and the emulator's counters name the resource. */
export function customResourceName(cr: CustomResourceSetting): string {
  return `${cr.resource}.${cr.group}`;
}

/** A string names an EKS cluster. */
export function imagesOfCustomObject(cluster: string | ClusterOrigin, cr: CustomResourceSetting, object: WorkloadObject): LiveReference[] {
  const origin = typeof cluster === 'string' ? eksOrigin(cluster) : cluster;
  const location = objectLocation(origin, customResourceName(cr), object);
  return cr.podSpecs.flatMap((path) => valuesAt(object, path).flatMap((spec) => (isObject(spec) ? imagesOfPodSpec(spec as PodSpecLike, location, origin.source) : [])));
}

/** Every value a dotted path reaches; a `key[]` segment continues into each element of that array. */
export function valuesAt(root: unknown, path: string): unknown[] {
  let nodes: unknown[] = [root];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    nodes = nodes.flatMap((node) => {
      const value = isObject(node) ? node[key] : undefined;
      if (!each) return value === undefined ? [] : [value];
      return Array.isArray(value) ? value : [];
    });
  }
  return nodes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
