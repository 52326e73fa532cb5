/**
 * Each observed call as the IAM requests AWS evaluates for it: the action (iam-actions.ts) on the resource ARNs of
 * the resource types the Service Authorization Reference lists for that action (every required one: e.g.
 * ecs:DescribeServiceRevisions is evaluated on the service and on the revision). Actions with no resource type are
 * evaluated on "*". The names come from the account the run read, so every repository, cluster, service, task,
 * rule, schedule and function the run could have touched is asked for.
 */
import type { AccountModel } from '../../emulator/aws/account';

export interface IamRequest {
  /** `<signing name>.<Operation>` the request authorizes. */
  readonly call: string;
  readonly action: string;
  readonly resource: string;
}

export interface RunLocations {
  readonly bucket: string;
  readonly journalKey: string;
  /** The state objects and report pages the runs wrote (`state/<region>.json.gz`, `reports/<run>.html`); none when not observed. */
  readonly stateKeys?: readonly string[];
  readonly leaseKey: string;
  readonly topicArn: string;
  readonly configPath: string;
}

type Resources = (account: AccountModel, at: RunLocations) => string[];

const base = (service: string, account: AccountModel) => `arn:aws:${service}:${account.region}:${account.accountId}`;
const repositories: Resources = (a) => a.ecr.repositories.map((r) => `${base('ecr', a)}:repository/${r.name}`);
const daemons: Resources = (a) => a.ecs.clusters.flatMap((c) => (c.daemons ?? []).map((d) => `${base('ecs', a)}:daemon/${c.name}/${d.name}`));
const services: Resources = (a) => a.ecs.clusters.flatMap((c) => c.services.map((s) => `${base('ecs', a)}:service/${c.name}/${s.name}`));
const everything: Resources = () => ['*'];

/** Keyed `<signing name>.<Operation>`, with the actions of iam-actions.ts; an unlisted call fails the test. */
const RESOURCES: Readonly<Record<string, Resources>> = {
  'ecr.DescribeRepositories': repositories,
  'ecr.DescribeImages': repositories,
  'ecr.BatchGetImage': repositories,
  'ecr.BatchDeleteImage': repositories,
  'ecr.GetLifecyclePolicy': repositories,
  // No resource type in the Service Authorization Reference: evaluated on "*".
  'ecr.DescribeRegistry': everything,
  // A registry-level read: the templates are the registry's, evaluated on "*" as DescribeRegistry is.
  'ecr.DescribeRepositoryCreationTemplates': everything,
  // Called without an AccountId, for the caller's own account: the "account" resource type.
  'account.ListRegions': (a) => [`arn:aws:account::${a.accountId}:account`],
  'ecs.ListClusters': everything,
  'ecs.DescribeClusters': (a) => a.ecs.clusters.map((c) => `${base('ecs', a)}:cluster/${c.name}`),
  'ecs.ListServices': everything,
  'ecs.DescribeServices': services,
  'ecs.ListServiceDeployments': services,
  'ecs.DescribeServiceDeployments': (a, at) => [...services(a, at), ...a.ecs.clusters.flatMap((c) => c.services.flatMap((s) => (s.serviceDeployments ?? []).map((d) => d.arn)))],
  'ecs.DescribeServiceRevisions': (a, at) => [...services(a, at), ...a.ecs.clusters.flatMap((c) => (c.serviceRevisions ?? []).map((r) => r.arn))],
  // "container-instance" with the ecs:cluster condition key: the instances of each cluster listed.
  'ecs.ListTasks': (a) => a.ecs.clusters.map((c) => `${base('ecs', a)}:container-instance/${c.name}/0123456789abcdef`),
  'ecs.DescribeTasks': (a) => a.ecs.clusters.flatMap((c) => c.tasks.map((t) => t.taskArn)),
  // Daemons, their revisions and daemon task definitions, as the Service Authorization Reference names them:
  // daemon/<cluster>/<name>, daemon-revision/<cluster>/<name>/<id>, daemon-task-definition/<family>:<revision>.
  'ecs.ListDaemons': everything,
  'ecs.DescribeDaemon': daemons,
  'ecs.DescribeDaemonRevisions': (a, at) => [...daemons(a, at), ...a.ecs.clusters.flatMap((c) => (c.daemons ?? []).flatMap((d) => d.revisions.map((r) => `${base('ecs', a)}:daemon-revision/${c.name}/${d.name}/${r.id}`)))],
  'ecs.DescribeDaemonTaskDefinition': (a) => (a.ecs.daemonTaskDefinitions ?? []).map((d) => `${base('ecs', a)}:daemon-task-definition/${d.family}:${d.revision}`),
  'ecs.ListTaskDefinitionFamilies': everything,
  'ecs.ListTaskDefinitions': everything,
  'ecs.DescribeTaskDefinition': everything,
  'events.ListEventBuses': everything,
  'events.ListRules': everything,
  'events.ListTargetsByRule': (a) => a.events.rules.map((r) => `${base('events', a)}:rule/${r.eventBusName === 'default' ? '' : `${r.eventBusName}/`}${r.name}`),
  'scheduler.ListSchedules': everything,
  'scheduler.GetSchedule': (a) => a.scheduler.schedules.map((s) => `${base('scheduler', a)}:schedule/${s.groupName}/${s.name}`),
  'lambda.ListFunctions': everything,
  'lambda.ListVersionsByFunction': (a) => a.lambda.functions.map((f) => `${base('lambda', a)}:function:${f.name}`),
  'lambda.GetFunction': (a) => a.lambda.functions.map((f) => `${base('lambda', a)}:function:${f.name}`),
  'batch.DescribeJobDefinitions': everything,
  // The Service Authorization Reference lists no resource type for these three: they are evaluated on "*".
  'batch.DescribeJobQueues': everything,
  'batch.ListJobs': everything,
  'batch.DescribeJobs': everything,
  'eks.ListClusters': everything,
  'eks.DescribeCluster': (a) => a.eks.clusters.map((c) => `${base('eks', a)}:cluster/${c.name}`),
  // The path is evaluated without its trailing slash (lib/permissions.ts configPathArns).
  'ssm.GetParametersByPath': (a, at) => [`${base('ssm', a)}:parameter/${at.configPath.replace(/^\/+|\/+$/g, '')}`],
  'sns.Publish': (_a, at) => [at.topicArn],
  // The old journal is only read now; the state and the lease are read and written.
  's3.GetObject': (_a, at) => [at.journalKey, at.leaseKey, ...(at.stateKeys ?? []).filter((key) => !key.startsWith('reports/'))].map((key) => `arn:aws:s3:::${at.bucket}/${key}`),
  's3.PutObject': (_a, at) => [at.leaseKey, ...(at.stateKeys ?? [])].map((key) => `arn:aws:s3:::${at.bucket}/${key}`),
  's3.DeleteObject': (_a, at) => [`arn:aws:s3:::${at.bucket}/${at.leaseKey}`],
  's3.GetObject NoSuchKey': (_a, at) => [`arn:aws:s3:::${at.bucket}`],
  'ecr.GetLifecyclePolicy LifecyclePolicyNotFoundException': repositories,
  'sts.GetCallerIdentity': () => [],
};

/**
 * Every (action, resource) the calls need. `actionsOf` gives the actions of one call or error answer (iam-actions.ts);
 * an action is asked on the resources of the call, except s3:ListBucket (the bucket) and s3:GetObject of a
 * conditional DeleteObject (the object deleted).
 */
export function iamRequests(calls: readonly string[], actionsOf: (call: string) => readonly string[], account: AccountModel, at: RunLocations): IamRequest[] {
  const unmapped = calls.filter((call) => !Object.hasOwn(RESOURCES, call));
  if (unmapped.length > 0) throw new Error(`no resource is known for ${unmapped.join(', ')}: add it to test/infra/iam-requests.ts`);
  return calls.flatMap((call) => {
    const resources = RESOURCES[call]!(account, at);
    const actions = actionsOf(call);
    if (actions.length > 0 && resources.length === 0) throw new Error(`${call} needs ${actions.join(', ')} but the account has no resource to ask it on`);
    return actions.flatMap((action) => resources.map((resource) => ({ call, action, resource })));
  });
}
