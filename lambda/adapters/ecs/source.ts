/**
 * The ECS live source: every image an ECS workload runs or may launch again in this region. Running tasks; each
 * service's deployments and task sets; the digests its service revisions pinned (current, deployment targets and
 * rollback sources); the newest N ACTIVE revisions of every task definition family; task definitions launched by
 * EventBridge rules and Scheduler schedules; every current revision of every ECS Managed Daemon. It resolves only
 * when all of it was read (else LiveSourceError).
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { LiveReference } from '../../core/model';
import type { LiveSource, NoteSink, SourceSettings } from '../../ports';
import { LiveSourceError } from '../common/errors';
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

export class EcsLiveSource implements LiveSource<'ecs'> {
  readonly name = 'ecs' as const;

  constructor(private readonly clients: EcsClients) {}

  async collect(settings: SourceSettings['ecs'], note: NoteSink = () => undefined): Promise<readonly LiveReference[]> {
    const { ecs, events, scheduler } = this.clients;
    const describer = new TaskDefinitionDescriber(ecs);
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
    ]);
    const definitions = await taskDefinitionReferences(describer, [
      ...services.flatMap((cluster) => cluster.taskDefinitionUses),
      ...catalogueUses(newest, keep),
      ...[...ruleUses, ...schedules].map((use) => pinToLatest(use, newest)),
    ], note);
    return [...tasks, ...daemons, ...definitions, ...revisions];
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
  const described = await Promise.all(uses.map(async (use) => ({ use, definition: await describer.describe(use.reference) })));
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
