/**
 * Random, consistent ECS accounts for properties: families with look-alike names (`app`, `app-x`) and INACTIVE
 * revisions, services whose deployments and task sets run existing revisions, service deployments between recorded
 * revisions, running and stopped tasks, EventBridge rules and schedules with and without revisions.
 */
import fc from 'fast-check';
import { type AccountModel, emptyAccount, type EmuTaskDefinition, taskDefinitionArn } from '../../emulator/aws/account';
import { ACCOUNT, REGION, REGISTRY } from './ecs-fixture';

const FAMILY_NAMES = ['app', 'app-x', 'job', 'jobs'];

const serviceSpec = fc.record({ deployments: fc.integer({ min: 1, max: 2 }), taskSet: fc.boolean(), serviceDeployments: fc.integer({ min: 0, max: 3 }) });
export const accountSpec = fc.record({
  revisions: fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
  clusters: fc.array(fc.record({ services: fc.array(serviceSpec, { maxLength: 12 }), running: fc.nat(4), stopped: fc.nat(2) }), { maxLength: 3 }),
  rules: fc.array(fc.record({ onOps: fc.boolean(), targets: fc.array(fc.boolean(), { maxLength: 3 }) }), { maxLength: 4 }),
  schedules: fc.array(fc.record({ ecs: fc.boolean(), revisionless: fc.boolean() }), { maxLength: 4 }),
  seed: fc.nat(1_000),
});
export type AccountSpec = typeof accountSpec extends fc.Arbitrary<infer T> ? T : never;

/** `active[i]` says whether revision i+1 of the i-th family is ACTIVE. */
function taskDefinitions(revisions: readonly (readonly boolean[])[]): EmuTaskDefinition[] {
  return revisions.flatMap((active, f) => active.map((isActive, r): EmuTaskDefinition => ({
    family: FAMILY_NAMES[f] ?? `family${f}`, revision: r + 1, status: isActive ? 'ACTIVE' : 'INACTIVE',
    containerDefinitions: [{ name: 'app', image: `${REGISTRY}/${FAMILY_NAMES[f] ?? f}:r${r + 1}` }],
  })));
}

type Cluster = AccountModel['ecs']['clusters'][number];
type ClusterSpec = AccountSpec['clusters'][number];

/** Picks items in a seeded round-robin, so that a spec always builds the same account. */
function picker(seed: number) {
  let counter = seed;
  return <T>(items: readonly T[]): T => items[counter++ % items.length] as T;
}

function buildCluster(clusterSpec: ClusterSpec, name: string, anyRevision: () => string): Cluster {
  const revisions: NonNullable<Cluster['serviceRevisions']> = [];
  const services = clusterSpec.services.map((s, i) => {
    const service = `s${i}`;
    const revision = (k: number) => {
      const arn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/${name}/${service}/r${k}`;
      if (!revisions.some((r) => r.arn === arn)) {
        revisions.push({ arn, taskDefinition: anyRevision(), containerImages: [{ containerName: 'app', image: `${REGISTRY}/x:${k}`, imageDigest: `sha256:${String(k).padStart(64, '0')}` }] });
      }
      return arn;
    };
    return {
      name: service,
      deployments: Array.from({ length: s.deployments }, (_, d) => ({ id: `ecs-svc/${d}`, status: d === 0 ? 'PRIMARY' as const : 'ACTIVE' as const, taskDefinition: anyRevision() })),
      ...(s.taskSet ? { taskSets: [{ id: 'ts', taskDefinition: anyRevision(), status: 'ACTIVE' }] } : {}),
      currentServiceRevisionArns: [revision(s.serviceDeployments)],
      serviceDeployments: Array.from({ length: s.serviceDeployments }, (_, d) => ({
        arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${name}/${service}/d${d}`, status: 'SUCCESSFUL',
        targetServiceRevisionArn: revision(d + 1), sourceServiceRevisionArns: [revision(d)], createdAt: d * 1000,
      })),
    };
  });
  const task = (n: number, lastStatus: string) => ({ taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${name}/${lastStatus}${n}`,
    taskDefinitionArn: anyRevision(), lastStatus, containers: [{ name: 'app', image: `${REGISTRY}/t:${n}`, imageDigest: `sha256:${String(n).padStart(64, 'a')}` }] });
  const tasks = [...Array.from({ length: clusterSpec.running }, (_, n) => task(n, 'RUNNING')), ...Array.from({ length: clusterSpec.stopped }, (_, n) => task(n, 'STOPPED'))];
  return { name, services, serviceRevisions: revisions, tasks };
}

export function buildAccount(spec: AccountSpec): AccountModel {
  const account = emptyAccount(ACCOUNT, REGION);
  account.ecs.taskDefinitions = taskDefinitions(spec.revisions);
  const pick = picker(spec.seed);
  const anyRevision = () => {
    const d = pick(account.ecs.taskDefinitions);
    return taskDefinitionArn(account, d.family, d.revision);
  };
  const activeFamilies = [...new Set(account.ecs.taskDefinitions.filter((d) => d.status === 'ACTIVE').map((d) => d.family))];
  /** A family ARN without revision when asked and possible (it must have an ACTIVE revision to launch). */
  const scheduled = (revisionless: boolean) => (revisionless && activeFamilies.length > 0
    ? `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${pick(activeFamilies)}` : anyRevision());
  const cluster0 = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/c0`;
  account.ecs.clusters = spec.clusters.map((clusterSpec, c) => buildCluster(clusterSpec, `c${c}`, anyRevision));
  account.events = {
    buses: ['default', 'ops'],
    rules: spec.rules.map((rule, r) => ({ name: `rule${r}`, eventBusName: rule.onOps ? 'ops' : 'default',
      targets: rule.targets.map((revisionless, t) => ({ id: `t${t}`, arn: cluster0, ecsParameters: { taskDefinitionArn: scheduled(revisionless) } })) })),
  };
  account.scheduler.schedules = spec.schedules.map((schedule, s) => ({
    name: `schedule${s}`, groupName: s % 2 === 0 ? 'default' : 'jobs', state: 'ENABLED' as const,
    target: schedule.ecs
      ? { arn: cluster0, roleArn: 'role', ecsParameters: { taskDefinitionArn: scheduled(schedule.revisionless) } }
      : { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`, roleArn: 'role' },
  }));
  return account;
}
