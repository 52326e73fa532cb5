/**
 * ECS Managed Daemons: ECS starts a daemon's task on every new instance of its capacity providers, whatever its
 * current task count, so each current revision of every daemon is live, with the digests the revision recorded
 * (DescribeDaemonRevisions `containerImages`) and the images its daemon task definition names
 * (DescribeDaemonTaskDefinition `containerDefinitions[].image`; daemon task definitions are their own resource, not
 * task definitions). Shapes from the SDK model (@aws-sdk/client-ecs); ListDaemons has no SDK paginator.
 */
import {
  DescribeDaemonCommand, DescribeDaemonRevisionsCommand, DescribeDaemonTaskDefinitionCommand, type ECSClient,
  ListDaemonsCommand, type DaemonRevision, UnsupportedFeatureException,
} from '@aws-sdk/client-ecs';
import type { LiveReference } from '../../core/model';
import type { NoteSink } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import type { ClusterRef } from './clusters';
import { chunk, containerReferences, FAN_OUT, lastSegment, read, requireComplete } from './common';

/** DescribeDaemonRevisions: "You can specify up to 20 ARNs." */
const REVISION_BATCH = 20;

/** Daemon task definitions described once per run, by ARN (they are immutable like task definitions). */
export type DaemonDefinitionCache = Map<string, Promise<readonly { name?: string; image?: string }[]>>;

export async function daemonReferences(
  ecs: ECSClient, cluster: ClusterRef, note: NoteSink, definitions: DaemonDefinitionCache = new Map(),
): Promise<LiveReference[]> {
  const daemonArns = await listDaemons(ecs, cluster, note);
  const current = await mapWithConcurrency(daemonArns, FAN_OUT, (arn) =>
    read(`DescribeDaemon ${lastSegment(arn)} on cluster ${cluster.name}`, async () => {
      const answer = await ecs.send(new DescribeDaemonCommand({ daemonArn: arn }));
      // An answer without the daemon is a read we cannot trust: its images must not silently drop out.
      if (!answer.daemon) throw new Error('the answer holds no daemon');
      return (answer.daemon.currentRevisions ?? []).flatMap((revision) => revision.arn ?? []);
    }));
  const batches = chunk([...new Set(current.flat())], REVISION_BATCH);
  const revisions = (await mapWithConcurrency(batches, FAN_OUT, async (batch) => {
    const what = `DescribeDaemonRevisions ${batch.map(lastSegment).join(', ')} on cluster ${cluster.name}`;
    const answer = await read(what, () => ecs.send(new DescribeDaemonRevisionsCommand({ daemonRevisionArns: batch })));
    requireComplete(what, batch.length, answer.daemonRevisions?.length ?? 0, answer.failures);
    return answer.daemonRevisions ?? [];
  })).flat();
  const references = await mapWithConcurrency(revisions, FAN_OUT, (revision) => revisionReferences(ecs, cluster, revision, definitions));
  return references.flat();
}

/**
 * Every daemon of the cluster, whatever its status (one being deleted may still run). UnsupportedFeatureException
 * ("The specified task isn't supported in this Region", SDK model) means there can be no daemons here: a note.
 */
function listDaemons(ecs: ECSClient, cluster: ClusterRef, note: NoteSink): Promise<string[]> {
  return read(`ListDaemons on cluster ${cluster.name}`, async () => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListDaemonsCommand({ clusterArn: cluster.arn, maxResults: 100, nextToken }))
        .catch((error: unknown) => {
          if (nextToken !== undefined || !(error instanceof UnsupportedFeatureException)) throw error;
          note({ source: 'ecs', message: `ecs cluster/${cluster.name}: ListDaemons answered UnsupportedFeatureException (no daemons in this region)` });
          return undefined;
        });
      if (!page) return [];
      arns.push(...(page.daemonSummariesList ?? []).flatMap((summary) => summary.daemonArn ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  });
}

async function revisionReferences(
  ecs: ECSClient, cluster: ClusterRef, revision: DaemonRevision, definitions: DaemonDefinitionCache,
): Promise<LiveReference[]> {
  const where = `ecs cluster/${cluster.name} daemon/${lastSegment(revision.daemonArn ?? '?')} revision/${lastSegment(revision.daemonRevisionArn ?? '?')}`;
  const recorded = containerReferences(
    (revision.containerImages ?? []).map((image) => ({ name: image.containerName, image: image.image, digest: image.imageDigest })),
    (container) => `${where} container/${container}`,
  );
  const arn = revision.daemonTaskDefinitionArn;
  if (!arn) return recorded;
  const definition = arn.slice(arn.indexOf(':daemon-task-definition/') + 24);
  const containers = await describeDefinition(ecs, arn, definitions);
  return [...recorded, ...containerReferences(containers, (container) => `${where} daemon-task-definition/${definition} container/${container}`)];
}

function describeDefinition(ecs: ECSClient, arn: string, definitions: DaemonDefinitionCache) {
  const cached = definitions.get(arn);
  if (cached) return cached;
  const pending = read(`DescribeDaemonTaskDefinition ${lastSegment(arn)}`, async () => {
    const answer = await ecs.send(new DescribeDaemonTaskDefinitionCommand({ daemonTaskDefinition: arn }));
    if (!answer.daemonTaskDefinition) throw new Error('the answer holds no daemon task definition');
    return (answer.daemonTaskDefinition.containerDefinitions ?? []).map((container) => ({ name: container.name, image: container.image }));
  });
  definitions.set(arn, pending);
  return pending;
}
