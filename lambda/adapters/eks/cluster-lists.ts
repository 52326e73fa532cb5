/**
 * What reading one cluster means: the workload lists, then every configured custom resource, each turned into the
 * references its objects hold. Shared by the EKS live source and the kubeconfig export, which differ only in how
 * they reach the API server (kube-client.ts connections) and in what a failed list does to them.
 */
import type { LiveReference } from '../../core/model';
import type { SourceSettings } from '../../ports';
import { imagesOfCustomObject } from './custom-resources';
import type { KubeClusterReader } from './kube-client';
import { imagesOfObject, WORKLOAD_RESOURCES, type ClusterOrigin } from './workload-images';

/** One whole list of one cluster, turned into the references its objects hold. */
export type ClusterList = (reader: KubeClusterReader) => Promise<LiveReference[]>;

/** What decides which lists a cluster gets beyond the built-in workloads. */
export type ClusterListSettings = Pick<SourceSettings['eks'], 'podTemplates' | 'customResources'>;

/**
 * PodTemplates only when asked: AmazonEKSViewPolicy mirrors Kubernetes' `view` role, whose rules name pods and
 * replicationcontrollers but not podtemplates, so listing them by default would fail every cluster with a 403; nor
 * does it grant any custom resource (README: RBAC).
 */
export function clusterLists(origin: ClusterOrigin, settings: ClusterListSettings): ClusterList[] {
  const resources = settings.podTemplates ? WORKLOAD_RESOURCES : WORKLOAD_RESOURCES.filter((resource) => resource !== 'podtemplates');
  return [
    ...resources.map((resource): ClusterList => async (reader) =>
      (await reader.listAll(resource)).flatMap((object) => imagesOfObject(origin, resource, object))),
    ...(settings.customResources ?? []).map((cr): ClusterList => async (reader) =>
      (await reader.listCustom(cr)).flatMap((object) => imagesOfCustomObject(origin, cr, object))),
  ];
}
