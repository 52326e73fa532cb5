/**
 * The ECS live source: every image an ECS workload runs or may launch again in this region. Running tasks; each
 * service's deployments and task sets; the digests its service revisions pinned (current, deployment targets and
 * rollback sources); the newest N ACTIVE revisions of every task definition family; task definitions launched by
 * EventBridge rules and Scheduler schedules; every current revision of every ECS Managed Daemon. It resolves only
 * when all of it was read (else LiveSourceError).
 *
 * With a TaskDefinitionCache (task-definitions.ts), task definitions earlier runs described are not described again:
 * the cache is loaded alongside the first reads (one that cannot be read fails the source), saved whole after a
 * complete collection (which also forgets the ARNs nothing asked for), and saved as it stands after a failed one,
 * so that the next run describes only the rest.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { LiveReference } from '../../core/model';
import type { LiveSource, NoteSink, SourceSettings, TaskDefinitionCache } from '../../ports';
import { LiveSourceError, messageOf } from '../common/errors';
import { mapWithConcurrency } from '../common/concurrency';
import { resolveClusters, runningTaskReferences } from './clusters';
import { type DaemonDefinitionCache, daemonReferences } from './daemons';
import { containerReferences, FAN_OUT, parseTaskDefinition, type TaskDefinitionUse } from './common';
import { newestActiveRevisions, type NewestRevisions } from './families';
import { deploymentRevisions, revisionReferences } from './revisions';
import { eventRuleUses, scheduleUses } from './scheduled';
import { type ClusterServices, readClusterServices } from './services';
import { TaskDefinitionDescriber } from './task-definitions';

export interface EcsClients {
  readonly ecs: ECSClient;
  readonly events: EventBridgeClient;
  readonly scheduler: SchedulerClient;
}

export interface EcsLiveSourceOptions {
  /** Task definitions described by earlier runs; one instance per run and region (it tracks what this run asked for). */
  readonly cache?: TaskDefinitionCache;
}

export class EcsLiveSource implements LiveSource<'ecs'> {
  readonly name = 'ecs' as const;

  constructor(private readonly clients: EcsClients, private readonly options: EcsLiveSourceOptions = {}) {}

  async collect(settings: SourceSettings['ecs'], note: NoteSink = () => undefined): Promise<readonly LiveReference[]> {
    const { cache } = this.options;
    let references: readonly LiveReference[];
    try {
      references = await this.read(settings, note);
    } catch (error) {
      await saveCache(cache, {}, note);
      throw error;
    }
    await saveCache(cache, { complete: true }, note);
    return references;
  }

  private async read(settings: SourceSettings['ecs'], note: NoteSink): Promise<readonly LiveReference[]> {
    const { ecs, events, scheduler } = this.clients;
    const { cache } = this.options;
    const describer = new TaskDefinitionDescriber(ecs, undefined, cache);
    const keep = settings.keepTaskDefinitionRevisions;
    // Everything independent starts at once; only the task definitions wait for the catalogue (revision-less targets).
    const clusterReads = readClusters(ecs, settings.clusters, note);
    const revisionReads = clusterReads.then(({ services }) => serviceRevisionReferences(ecs, services, note));
    const [{ tasks, daemons, services }, newest, ruleUses, schedules, revisions] = await Promise.all([
      clusterReads,
      newestActiveRevisions(ecs, keep, describer.gate),
      eventRuleUses(events),
      scheduleUses(scheduler),
      revisionReads,
      loadCache(cache),
    ]);
    const definitions = await taskDefinitionReferences(describer, [
      ...services.flatMap((cluster) => cluster.taskDefinitionUses),
      ...catalogueUses(newest, keep),
      ...[...ruleUses, ...schedules].map((use) => pinToLatest(use, newest)),
    ], note);
    return [...tasks, ...daemons, ...definitions, ...revisions];
  }
}

function loadCache(cache: TaskDefinitionCache | undefined): Promise<void> {
  return cache ? cache.load().catch((error: unknown) => {
    throw new LiveSourceError('ecs', 'the task-definition cache', { cause: error });
  }) : Promise.resolve();
}

/**
 * The cache only saves describes: a save that fails costs the next run those describes again, and is reported, but
 * the references read are no less complete for it.
 */
async function saveCache(cache: TaskDefinitionCache | undefined, options: { complete?: boolean }, note: NoteSink): Promise<void> {
  try {
    await cache?.save(options);
  } catch (error) {
    const why = messageOf(error);
    note({ source: 'ecs', message: `the task-definition cache could not be saved, so the next run describes these task definitions again: ${why}` });
  }
}

async function readClusters(ecs: ECSClient, wanted: readonly string[], note: NoteSink) {
  const clusters = await resolveClusters(ecs, wanted);
  const daemonDefinitions: DaemonDefinitionCache = new Map();
  const [tasks, daemons, services] = await Promise.all([
    mapWithConcurrency(clusters, FAN_OUT, (cluster) => runningTaskReferences(ecs, cluster)),
    mapWithConcurrency(clusters, FAN_OUT, (cluster) => daemonReferences(ecs, cluster, note, daemonDefinitions)),
    mapWithConcurrency(clusters, FAN_OUT, (cluster) => readClusterServices(ecs, cluster, note)),
  ]);
  return { tasks: tasks.flat(), daemons: daemons.flat(), services };
}

function catalogueUses(newest: NewestRevisions, keep: number): TaskDefinitionUse[] {
  return [...newest.values()].flat().map((arn) => {
    const { family, revision } = parseTaskDefinition(arn);
    return { reference: arn, where: `ecs task-definition/${family}:${revision} (newest ${keep})`, namesDefinition: true };
  });
}

/**
 * A revision-less target launches the family's latest ACTIVE revision: the catalogue already knows it (no extra
 * describe). A family the catalogue does not hold is left to DescribeTaskDefinition(family).
 */
function pinToLatest(use: TaskDefinitionUse, newest: NewestRevisions): TaskDefinitionUse {
  const { family, revision } = parseTaskDefinition(use.reference);
  const latest = newest.get(family)?.[0];
  return revision === undefined && latest ? { ...use, reference: latest } : use;
}

async function taskDefinitionReferences(
  describer: TaskDefinitionDescriber, uses: readonly TaskDefinitionUse[], note: NoteSink,
): Promise<LiveReference[]> {
  // Each use with its own answer: describe() always resolves to a definition or a documented "undescribable".
  const described = await Promise.all(uses.map(async (use) => ({
    use, definition: await describer.describe(use.reference, { fromCache: !use.launchesOnly }),
  })));
  return described.flatMap(({ use, definition }) => {
    if ('undescribable' in definition) return cannotRun(use, definition.cause, note);
    const where = use.namesDefinition ? use.where : `${use.where} task-definition/${definition.family}:${definition.revision}`;
    return containerReferences(definition.containers, (container) => `${where} container/${container}`);
  });
}

async function serviceRevisionReferences(
  ecs: ECSClient, services: readonly ClusterServices[], note: NoteSink,
): Promise<LiveReference[]> {
  const deployed = await deploymentRevisions(ecs, services.flatMap((cluster) => cluster.serviceDeploymentArns));
  const older = new Set(services.flatMap((cluster) => cluster.olderServices));
  return revisionReferences(ecs, [...services.flatMap((cluster) => cluster.currentRevisions), ...deployed], older, note);
}

/**
 * A revision ECS can no longer describe (INACTIVE and unreferenced, or deleted): a rule or schedule pinned to it
 * cannot launch anything, which is reported and is not live. Anything else that names it (a service deployment, a
 * task set, the catalogue) should have been describable, so the read is incomplete: fail closed.
 */
function cannotRun(use: TaskDefinitionUse, cause: unknown, note: NoteSink): LiveReference[] {
  const { family, revision } = parseTaskDefinition(use.reference);
  if (!use.launchesOnly) {
    throw new LiveSourceError('ecs', `DescribeTaskDefinition ${family}:${revision ?? ''} (used by ${use.where})`, { cause });
  }
  note({ source: 'ecs', message: `${use.where} targets task definition ${family}:${revision ?? ''}, which can no longer run` });
  return [];
}
