/**
 * The minimum number of calls per API the ECS source needs to read an account, computed from the account model
 * independently of the adapter: every page once, DescribeServices by 10, DescribeTasks by 100, service deployments
 * and revisions by 20 across the run, each distinct task definition described once.
 */
import type { AccountModel } from '../../emulator/aws/account';
import { findTaskDefinition } from '../../emulator/aws/services/ecs-task-definitions';

const pages = (items: number, size: number): number => Math.max(1, Math.ceil(items / size));
const batches = (items: number, size: number): number => Math.ceil(items / size);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** `family:revision` of what a reference designates (a family alone: its latest ACTIVE revision). */
function exactRevision(account: AccountModel, reference: string): string {
  const found = findTaskDefinition(account, reference);
  if (!found) throw new Error(`the fixture targets a missing task definition ${reference}`);
  return `${found.family}:${found.revision}`;
}

/** Pages of ListTaskDefinitions(familyPrefix, ACTIVE, DESC, maxResults 100) until `keep` of the exact family are seen. */
function familyPages(account: AccountModel, family: string, keep: number, pageSize: number): number {
  const listed = account.ecs.taskDefinitions
    .filter((d) => d.status === 'ACTIVE' && d.family.startsWith(family))
    .sort((a, b) => (a.family === b.family ? b.revision - a.revision : a.family < b.family ? 1 : -1));
  const exactPositions = listed.flatMap((d, index) => (d.family === family ? [index + 1] : []));
  const size = Math.min(pageSize, 100);
  const lastNeeded = exactPositions.length >= keep ? exactPositions[keep - 1] ?? 0 : listed.length;
  return pages(lastNeeded, size);
}

function newestRevisions(account: AccountModel, keep: number): Map<string, string[]> {
  const families = new Set(account.ecs.taskDefinitions.filter((d) => d.status === 'ACTIVE').map((d) => d.family));
  return new Map([...families].map((family) => [family, account.ecs.taskDefinitions
    .filter((d) => d.family === family && d.status === 'ACTIVE')
    .sort((a, b) => b.revision - a.revision).slice(0, keep).map((d) => `${d.family}:${d.revision}`)]));
}

function distinctTaskDefinitions(account: AccountModel, keep: number): Set<string> {
  const services = account.ecs.clusters.flatMap((c) => c.services);
  const scheduled = [
    ...account.events.rules.flatMap((r) => r.targets.flatMap((t) => t.ecsParameters?.taskDefinitionArn ?? [])),
    ...account.scheduler.schedules.flatMap((s) => s.target.ecsParameters?.taskDefinitionArn
      ?? (s.target.input ? (JSON.parse(s.target.input) as { TaskDefinition: string }).TaskDefinition : [])),
  ];
  const exact = (reference: string) => exactRevision(account, reference);
  return new Set([
    ...services.flatMap((s) => [...s.deployments, ...(s.taskSets ?? [])].map((d) => exact(d.taskDefinition))),
    ...[...newestRevisions(account, keep).values()].flat(),
    ...scheduled.map(exact),
  ]);
}

export function expectedCalls(account: AccountModel, pageSize: number, keep: number): Record<string, number> {
  const clusters = account.ecs.clusters;
  const running = (c: AccountModel['ecs']['clusters'][number]) => c.tasks.filter((t) => t.lastStatus !== 'STOPPED').length;
  const services = clusters.flatMap((c) => c.services);
  const deployments = services.flatMap((s) => s.serviceDeployments ?? []);
  const revisionArns = new Set([
    ...services.flatMap((s) => s.currentServiceRevisionArns ?? []),
    ...deployments.flatMap((d) => [d.targetServiceRevisionArn, ...d.sourceServiceRevisionArns, ...(d.rollbackServiceRevisionArn ? [d.rollbackServiceRevisionArn] : [])]),
  ]);
  const activeFamilies = [...newestRevisions(account, keep).keys()];
  const buses = account.events.buses;
  return {
    'ecs.ListClusters': pages(clusters.length, pageSize),
    'ecs.ListTasks': sum(clusters.map((c) => pages(running(c), pageSize))),
    'ecs.DescribeTasks': sum(clusters.map((c) => batches(running(c), 100))),
    'ecs.ListServices': sum(clusters.map((c) => pages(c.services.length, pageSize))),
    'ecs.DescribeServices': sum(clusters.map((c) => batches(c.services.length, 10))),
    'ecs.ListServiceDeployments': sum(services.map((s) => pages((s.serviceDeployments ?? []).length, pageSize))),
    'ecs.DescribeServiceDeployments': batches(deployments.length, 20),
    'ecs.DescribeServiceRevisions': batches(revisionArns.size, 20),
    'ecs.ListTaskDefinitionFamilies': pages(activeFamilies.length, pageSize),
    'ecs.ListTaskDefinitions': sum(activeFamilies.map((family) => familyPages(account, family, keep, pageSize))),
    'ecs.DescribeTaskDefinition': distinctTaskDefinitions(account, keep).size,
    'ecs.ListDaemons': sum(clusters.map((c) => pages((c.daemons ?? []).length, pageSize))),
    'ecs.DescribeDaemon': sum(clusters.map((c) => (c.daemons ?? []).length)),
    'ecs.DescribeDaemonRevisions': sum(clusters.map((c) => batches((c.daemons ?? []).flatMap((d) => d.revisions.filter((r) => r.current)).length, 20))),
    'ecs.DescribeDaemonTaskDefinition': new Set(clusters.flatMap((c) => (c.daemons ?? [])
      .flatMap((d) => d.revisions.filter((r) => r.current).map((r) => r.daemonTaskDefinition)))).size,
    'events.ListEventBuses': pages(buses.length, pageSize),
    'events.ListRules': sum(buses.map((bus) => pages(account.events.rules.filter((r) => r.eventBusName === bus).length, pageSize))),
    'events.ListTargetsByRule': sum(account.events.rules.map((r) => pages(r.targets.length, pageSize))),
    'scheduler.ListSchedules': pages(account.scheduler.schedules.length, pageSize),
    'scheduler.GetSchedule': account.scheduler.schedules.filter((s) => /:ecs:|aws-sdk:ecs:/.test(s.target.arn)).length,
  };
}
