/**
 * ECS Managed Daemons, read side, as the SDK model (@aws-sdk/client-ecs ListDaemons, DescribeDaemon,
 * DescribeDaemonRevisions, DescribeDaemonTaskDefinition) shapes them: ListDaemons by `clusterArn` (the default cluster
 * when absent) → `daemonSummariesList[].daemonArn`, up to 100 per page; DescribeDaemon → `currentRevisions[].arn`;
 * DescribeDaemonRevisions (up to 20 ARNs) → `containerImages[]` and `daemonTaskDefinitionArn`, unknown ARNs in
 * `failures[]`; DescribeDaemonTaskDefinition by `family`, `family:revision` or ARN → `containerDefinitions[].image`.
 * Which error an unknown daemon task definition gets is not documented: ClientException, as for task definitions.
 */
import type { AccountModel, EmuCluster, EmuDaemon, EmuDaemonTaskDefinition } from '../account';
import { AwsEmulatorError, type OperationContext, type OperationHandler, paginate } from '../service';
import { checkBatch, checkMaxResults, clusterArn, ecsArn, epochSeconds, findCluster, missing } from './ecs-common';

const daemonArn = (account: AccountModel, cluster: EmuCluster, daemon: EmuDaemon) => ecsArn(account, `daemon/${cluster.name}/${daemon.name}`);
const revisionArn = (account: AccountModel, cluster: EmuCluster, daemon: EmuDaemon, id: string) =>
  ecsArn(account, `daemon-revision/${cluster.name}/${daemon.name}/${id}`);
const definitionArn = (account: AccountModel, reference: string) => ecsArn(account, `daemon-task-definition/${reference}`);
const CREATED = epochSeconds(Date.UTC(2025, 5, 1));

function everyDaemon(account: AccountModel) {
  return account.ecs.clusters.flatMap((cluster) => (cluster.daemons ?? []).map((daemon) => ({ cluster, daemon })));
}

/**
 * UnsupportedFeatureException: "The specified task isn't supported in this Region." (SDK model: among the errors of
 * ListDaemons, DescribeDaemon and DescribeDaemonRevisions; not of DescribeDaemonTaskDefinition).
 */
function requireManagedDaemons(ctx: OperationContext): void {
  if (ctx.account.ecs.managedDaemons === false) {
    throw new AwsEmulatorError('UnsupportedFeatureException', "The specified task isn't supported in this Region.");
  }
}

/** A parameter the SDK model marks required, or one this emulator does not model: refused, never silently ignored. */
function refuse(what: string): never {
  throw new AwsEmulatorError('InvalidParameterException', what);
}

const listDaemons: OperationHandler = (input, ctx: OperationContext) => {
  requireManagedDaemons(ctx);
  // "Only daemons associated with the specified capacity providers are returned" (SDK model): not modelled here.
  if (Array.isArray(input.capacityProviderArns) && input.capacityProviderArns.length > 0) refuse('capacityProviderArns is not emulated');
  const cluster = findCluster(ctx.account, input.clusterArn);
  const summaries = (cluster.daemons ?? []).map((daemon) => ({
    daemonArn: daemonArn(ctx.account, cluster, daemon), status: daemon.status, createdAt: CREATED, updatedAt: CREATED,
  }));
  const { page, nextToken } = paginate(summaries, input.nextToken, checkMaxResults(input.maxResults, 100), ctx);
  return { daemonSummariesList: page, nextToken };
};

const describeDaemon: OperationHandler = (input, ctx: OperationContext) => {
  requireManagedDaemons(ctx);
  if (typeof input.daemonArn !== 'string') refuse('daemonArn is required');
  // The SDK model lists ClusterNotFoundException ("The specified cluster wasn't found") and DaemonNotFoundException
  // for DescribeDaemon: a daemon ARN (…:daemon/<cluster>/<name>) naming an unknown cluster gets the first.
  const clusterName = /:daemon\/([^/]+)\//.exec(input.daemonArn)?.[1];
  if (clusterName !== undefined) findCluster(ctx.account, clusterName);
  const found = everyDaemon(ctx.account).find(({ cluster, daemon }) => daemonArn(ctx.account, cluster, daemon) === input.daemonArn);
  if (!found) throw new AwsEmulatorError('DaemonNotFoundException', 'The specified daemon does not exist.');
  const { cluster, daemon } = found;
  return {
    daemon: {
      daemonArn: daemonArn(ctx.account, cluster, daemon),
      clusterArn: clusterArn(ctx.account, cluster),
      status: daemon.status,
      currentRevisions: daemon.revisions.filter((revision) => revision.current).map((revision) => ({
        arn: revisionArn(ctx.account, cluster, daemon, revision.id), totalRunningCount: 0, totalWithoutDaemonCount: 0,
      })),
      createdAt: CREATED,
      updatedAt: CREATED,
    },
  };
};

const describeDaemonRevisions: OperationHandler = (input, ctx: OperationContext) => {
  requireManagedDaemons(ctx);
  const wanted = checkBatch(input.daemonRevisionArns, 20, 'daemonRevisionArns');
  const revisions = everyDaemon(ctx.account).flatMap(({ cluster, daemon }) =>
    daemon.revisions.map((revision) => ({ arn: revisionArn(ctx.account, cluster, daemon, revision.id), cluster, daemon, revision })));
  const daemonRevisions = [];
  const failures = [];
  for (const arn of wanted) {
    const found = revisions.find((candidate) => candidate.arn === arn);
    if (!found) {
      failures.push(missing(arn));
      continue;
    }
    daemonRevisions.push({
      daemonRevisionArn: arn,
      clusterArn: clusterArn(ctx.account, found.cluster),
      daemonArn: daemonArn(ctx.account, found.cluster, found.daemon),
      daemonTaskDefinitionArn: definitionArn(ctx.account, found.revision.daemonTaskDefinition),
      createdAt: CREATED,
      containerImages: found.revision.containerImages.map((image) => ({ ...image })),
    });
  }
  return { daemonRevisions, failures };
};

function findDaemonTaskDefinition(account: AccountModel, reference: string): EmuDaemonTaskDefinition | undefined {
  const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':daemon-task-definition/') + 24) : reference;
  const [family, revision] = path.split(':');
  const revisions = (account.ecs.daemonTaskDefinitions ?? []).filter((definition) => definition.family === family);
  if (revision !== undefined) return revisions.find((definition) => String(definition.revision) === revision);
  return revisions.filter((definition) => definition.status === 'ACTIVE').sort((a, b) => a.revision - b.revision).pop();
}

const describeDaemonTaskDefinition: OperationHandler = (input, ctx: OperationContext) => {
  if (typeof input.daemonTaskDefinition !== 'string' || input.daemonTaskDefinition === '') refuse('daemonTaskDefinition is required');
  const definition = findDaemonTaskDefinition(ctx.account, String(input.daemonTaskDefinition ?? ''));
  if (!definition) throw new AwsEmulatorError('ClientException', 'Unable to describe daemon task definition.');
  return {
    daemonTaskDefinition: {
      daemonTaskDefinitionArn: definitionArn(ctx.account, `${definition.family}:${definition.revision}`),
      family: definition.family,
      revision: definition.revision,
      status: definition.status,
      containerDefinitions: definition.containerDefinitions.map((container) => ({ ...container })),
    },
  };
};

export const daemonOperations: Readonly<Record<string, OperationHandler>> = {
  ListDaemons: listDaemons,
  DescribeDaemon: describeDaemon,
  DescribeDaemonRevisions: describeDaemonRevisions,
  DescribeDaemonTaskDefinition: describeDaemonTaskDefinition,
};
