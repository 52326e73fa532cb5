/**
 * Custom resources that carry pod specs (Argo Rollouts, Knative Services, KEDA ScaledJobs…), as the settings name
 * them: `{ group, version, resource, podSpecs: ["spec.template.spec"] }`. Each path leads from the object to a pod
 * spec, read like any workload's template (workload-images.ts). A path that leads nowhere in an object yields
 * nothing for it: custom resources are free-form, and a Rollout using `workloadRef` has no inline template.
 */
import type { LiveReference } from '../../core/model';
import type { CustomResourceSetting } from '../../core/policy';
import { imagesOfPodSpec, type PodSpecLike, type WorkloadObject } from './workload-images';

/** `rollouts.argoproj.io`: how locations, errors and the emulator's counters name the resource. */
export function customResourceName(cr: CustomResourceSetting): string {
  return `${cr.resource}.${cr.group}`;
}

export function imagesOfCustomObject(cluster: string, cr: CustomResourceSetting, object: WorkloadObject): LiveReference[] {
  const location = `eks cluster/${cluster} namespace/${object.metadata?.namespace ?? ''} ${customResourceName(cr)}/${object.metadata?.name ?? ''}`;
  return cr.podSpecs.flatMap((path) => valuesAt(object, path).flatMap((spec) => (isObject(spec) ? imagesOfPodSpec(spec as PodSpecLike, location) : [])));
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
