/**
 * Clusters and their running tasks. `["*"]` means every cluster of the region (ListClusters); named clusters are
 * checked with DescribeClusters, and one that does not exist fails the source: a typo must not silently shrink the
 * live set. A running task's containers report the digest they pulled (`imageDigest`): the strongest evidence there is.
 */
import {
  DescribeClustersCommand, DescribeTasksCommand, type ECSClient, paginateListClusters, paginateListTasks,
} from '@aws-sdk/client-ecs';
import type { LiveReference } from '../../core/model';
import { LiveSourceError } from '../common/errors';
import { chunk, containerReferences, lastSegment, read, requireComplete } from './common';
import { allItems } from '../common/pages';

export interface ClusterRef {
  readonly name: string;
  readonly arn: string;
}

export async function resolveClusters(ecs: ECSClient, wanted: readonly string[]): Promise<ClusterRef[]> {
  if (wanted.includes('*')) return listAllClusters(ecs);
  const clusters: ClusterRef[] = [];
  for (const names of chunk([...new Set(wanted)], 100)) {
    const answer = await read(`DescribeClusters ${names.join(', ')}`, () =>
      ecs.send(new DescribeClustersCommand({ clusters: names })));
    const missing = [
      ...(answer.failures ?? []).map((failure) => lastSegment(failure.arn ?? '?')),
      ...(answer.clusters ?? []).filter((cluster) => cluster.status !== 'ACTIVE').map((cluster) => cluster.clusterName ?? '?'),
    ];
    if (missing.length > 0) {
      throw new LiveSourceError('ecs', `cluster ${missing.join(', ')}`, { cause: new Error('no such ACTIVE cluster') });
    }
    // A cluster neither answered nor reported as a failure must not silently drop out of the live set.
    requireComplete(`DescribeClusters ${names.join(', ')}`, names.length, answer.clusters?.length ?? 0, undefined);
    for (const cluster of answer.clusters ?? []) {
      // Calls that take a cluster read the default one when given none: an empty ARN would read the wrong cluster.
      if (!cluster.clusterArn) throw new LiveSourceError('ecs', `DescribeClusters ${names.join(', ')}`, { cause: new Error('a cluster without an ARN') });
      clusters.push({ name: cluster.clusterName ?? lastSegment(cluster.clusterArn), arn: cluster.clusterArn });
    }
  }
  return clusters;
}

function listAllClusters(ecs: ECSClient): Promise<ClusterRef[]> {
  return read('ListClusters', async () => {
    const arns = await allItems(paginateListClusters({ client: ecs, pageSize: 100 }, {}), (page) => page.clusterArns);
    return arns.map((arn) => ({ name: lastSegment(arn), arn }));
  });
}

/** Every container of every task whose desired status is RUNNING (ListTasks' default), described 100 at a time. */
export async function runningTaskReferences(ecs: ECSClient, cluster: ClusterRef): Promise<LiveReference[]> {
  const taskArns = await read(`ListTasks on cluster ${cluster.name}`, async () => {
    const pages = paginateListTasks({ client: ecs, pageSize: 100 }, { cluster: cluster.arn, desiredStatus: 'RUNNING' });
    return allItems(pages, (page) => page.taskArns);
  });
  const references: LiveReference[] = [];
  for (const batch of chunk(taskArns, 100)) {
    const what = `DescribeTasks on cluster ${cluster.name}`;
    const answer = await read(what, () => ecs.send(new DescribeTasksCommand({ cluster: cluster.arn, tasks: batch })));
    const tasks = answer.tasks ?? [];
    requireComplete(what, batch.length, tasks.length, answer.failures);
    for (const task of tasks) {
      const containers = (task.containers ?? []).map((c) => ({ name: c.name, image: c.image, digest: c.imageDigest }));
      const where = `ecs cluster/${cluster.name} task/${lastSegment(task.taskArn ?? '?')}`;
      references.push(...containerReferences(containers, (name) => `${where} container/${name}`));
    }
  }
  return references;
}

