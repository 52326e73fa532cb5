/**
 * Reads kubeconfig contexts as the EKS source reads its clusters (eks/cluster-lists.ts: every workload list, and the
 * configured PodTemplates and custom resources), with one difference: a list that fails does not discard the others.
 * What could be read is kept, and each failure becomes a problem, so that the export is written incomplete — which
 * blocks the registries that expect it — instead of not at all, which would look the same to them but say less.
 */
import type { LiveReference } from '../../core/model';
import { mapWithConcurrency } from '../common/concurrency';
import { clusterLists, type ClusterList, type ClusterListSettings } from '../eks/cluster-lists';
import { KubeClusterReader, type KubeConnection, type KubeReadOptions } from '../eks/kube-client';
import { kubeReadOptions } from '../eks/read-options';
import type { ClusterOrigin } from '../eks/workload-images';
import { messageOf } from '../common/errors';

export interface KubeContext {
  readonly name: string;
  readonly connection: KubeConnection;
}

export interface ContextsReading {
  readonly references: readonly LiveReference[];
  /** `context <name>: list pods: HTTP 403 …`, one per list that could not be read. */
  readonly problems: readonly string[];
}

export interface ContextReadOptions extends Partial<KubeReadOptions> {
  /** Contexts read at once. Default 4. */
  readonly contextConcurrency?: number;
  /** Lists in flight per context. Default 4. */
  readonly listConcurrency?: number;
}

/** `kubernetes context/<name>`: the locations of a context's references start so. */
export function contextOrigin(name: string): ClusterOrigin {
  return { source: 'kubernetes', prefix: `kubernetes context/${name}` };
}

export async function readContexts(contexts: readonly KubeContext[], settings: ClusterListSettings, options: ContextReadOptions = {}): Promise<ContextsReading> {
  const readings = await mapWithConcurrency(contexts, options.contextConcurrency ?? 4, (context) => readContext(context, settings, options));
  return { references: readings.flatMap((r) => r.references), problems: readings.flatMap((r) => r.problems) };
}

async function readContext(context: KubeContext, settings: ClusterListSettings, options: ContextReadOptions): Promise<ContextsReading> {
  let reader: KubeClusterReader;
  try {
    reader = new KubeClusterReader(context.connection, readOptions(options));
  } catch (error) {
    return { references: [], problems: [`context ${context.name}: ${messageOf(error)}`] };
  }
  try {
    const lists = clusterLists(contextOrigin(context.name), settings);
    const outcomes = await mapWithConcurrency(lists, options.listConcurrency ?? 4, (list) => settled(list, reader, context.name));
    return { references: outcomes.flatMap((o) => o.references), problems: outcomes.flatMap((o) => o.problems) };
  } finally {
    reader.close();
  }
}

/** Never rejects: mapWithConcurrency stops at the first rejection, and every list must be tried. */
async function settled(list: ClusterList, reader: KubeClusterReader, context: string): Promise<ContextsReading> {
  try {
    return { references: await list(reader), problems: [] };
  } catch (error) {
    return { references: [], problems: [`context ${context}: ${messageOf(error)}`] };
  }
}

/** The EKS source's defaults (kube-client.ts kubeReadOptions). */
function readOptions(options: ContextReadOptions): KubeReadOptions {
  return kubeReadOptions(options);
}
