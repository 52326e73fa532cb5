/**
 * A known ECS account for the ECS live source tests: every kind of reference the source must find, with the traps
 * (a `web` family whose prefix also lists `web-api`, an INACTIVE revision among the newest, a service pinned to an
 * old digest, a rollback source, revision-less scheduled targets, daemons mid-deployment), and the clients that read it over HTTP.
 */
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type ClientSettings, commonClientConfig } from '../../lambda/adapters/common/clients';
import type { EcsClients } from '../../lambda/adapters/ecs/source';
import {
  type AccountModel, emptyAccount, type EmuService, type EmuTaskDefinition, registryHost, taskDefinitionArn,
} from '../../emulator/aws/account';
import type { AwsEmulator } from '../../emulator/aws/server';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const REGISTRY = registryHost({ accountId: ACCOUNT, region: REGION });

/** A recognisable digest: `digestOf('web-5')` is always the same 64 hex characters. */
export function digestOf(label: string): string {
  const hex = Buffer.from(label).toString('hex');
  return `sha256:${hex.padEnd(64, '0').slice(0, 64)}`;
}

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** The digest the `pinned` repository's `prd` tag points to now (not the one the service runs). */
export const PINNED_TAG_NOW = digestOf('pinned-new');

const tdArn = (family: string, revision: number) => taskDefinitionArn({ accountId: ACCOUNT, region: REGION }, family, revision);
const familyArn = (family: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}`;
export const clusterArnOf = (cluster: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`;
export const revisionArn = (cluster: string, service: string, id: string) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service-revision/${cluster}/${service}/${id}`;
const deploymentArn = (cluster: string, service: string, id: string) =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/${cluster}/${service}/${id}`;

function revisions(family: string, count: number, inactive: readonly number[] = []): EmuTaskDefinition[] {
  return Array.from({ length: count }, (_, index) => ({
    family,
    revision: index + 1,
    status: inactive.includes(index + 1) ? 'INACTIVE' : 'ACTIVE',
    containerDefinitions: [{ name: 'app', image: `${REGISTRY}/${family}:v${index + 1}` }],
  }));
}

function filler(index: number): EmuService {
  const name = `svc-${String(index).padStart(2, '0')}`;
  return { name, deployments: [{ id: `ecs-svc/${name}`, status: 'PRIMARY', taskDefinition: tdArn('worker', 2) }] };
}

function prodServices(): EmuService[] {
  return [
    {
      name: 'web',
      deployments: [
        { id: 'ecs-svc/web-8', status: 'PRIMARY', taskDefinition: tdArn('web', 8) },
        { id: 'ecs-svc/web-7', status: 'ACTIVE', taskDefinition: tdArn('web', 7) },
      ],
      currentServiceRevisionArns: [revisionArn('prod', 'web', 'r8'), revisionArn('prod', 'web', 'r7')],
      serviceDeployments: [
        { arn: deploymentArn('prod', 'web', 'd1'), status: 'SUCCESSFUL', targetServiceRevisionArn: revisionArn('prod', 'web', 'r7'),
          sourceServiceRevisionArns: [revisionArn('prod', 'web', 'r5')], createdAt: 1_700_000_000_000 },
        { arn: deploymentArn('prod', 'web', 'd2'), status: 'IN_PROGRESS', targetServiceRevisionArn: revisionArn('prod', 'web', 'r8'),
          sourceServiceRevisionArns: [revisionArn('prod', 'web', 'r7')], createdAt: 1_700_000_100_000 },
        { arn: deploymentArn('prod', 'web', 'd0'), status: 'ROLLBACK_SUCCESSFUL', targetServiceRevisionArn: revisionArn('prod', 'web', 'r4'),
          sourceServiceRevisionArns: [revisionArn('prod', 'web', 'r5')], rollbackServiceRevisionArn: revisionArn('prod', 'web', 'r5'),
          createdAt: 1_699_000_000_000 },
      ],
    },
    {
      name: 'canary',
      deployments: [{ id: 'ecs-svc/canary', status: 'PRIMARY', taskDefinition: tdArn('web-api', 4) }],
      taskSets: [{ id: 'ts-blue', taskDefinition: tdArn('web-api', 1), status: 'ACTIVE' }],
    },
    {
      name: 'pinned',
      deployments: [{ id: 'ecs-svc/pinned', status: 'PRIMARY', taskDefinition: tdArn('pinned', 1) }],
      currentServiceRevisionArns: [revisionArn('prod', 'pinned', 'p1')],
    },
    ...Array.from({ length: 11 }, (_, index) => filler(index)),
  ];
}

function revision(cluster: string, service: string, id: string, repository: string, tag: string) {
  return {
    arn: revisionArn(cluster, service, id),
    taskDefinition: tdArn(repository, 1),
    containerImages: [{ containerName: 'app', image: `${REGISTRY}/${repository}:${tag}`, imageDigest: digestOf(`${repository}-${id}`) }],
  };
}

function clusters(): AccountModel['ecs']['clusters'] {
  return [
    {
      name: 'prod',
      services: prodServices(),
      serviceRevisions: [
        revision('prod', 'web', 'r8', 'web', 'v8'), revision('prod', 'web', 'r7', 'web', 'v7'),
        revision('prod', 'web', 'r5', 'web', 'v5'), revision('prod', 'web', 'r4', 'web', 'v4'),
        revision('prod', 'pinned', 'p1', 'pinned', 'prd'),
      ],
      tasks: [
        ...[1, 2, 3].map((n) => ({
          taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/task${n}`, taskDefinitionArn: tdArn('web', 8), lastStatus: 'RUNNING',
          containers: [{ name: 'app', image: `${REGISTRY}/web:v8`, imageDigest: digestOf(`task${n}`) }],
        })),
        { taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/prod/gone`, taskDefinitionArn: tdArn('web', 5), lastStatus: 'STOPPED',
          containers: [{ name: 'app', image: `${REGISTRY}/web:v5`, imageDigest: digestOf('stopped') }] },
      ],
    },
    {
      name: 'batch',
      daemons: daemons(),
      services: [{ name: 'legacy-svc', deployments: [{ id: 'ecs-svc/legacy', status: 'PRIMARY', taskDefinition: tdArn('legacy', 2) }] }],
      tasks: [{
        taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/batch/job1`, taskDefinitionArn: tdArn('legacy', 2), lastStatus: 'RUNNING',
        containers: [{ name: 'main', image: `${REGISTRY}/legacy:v2`, imageDigest: digestOf('job1') }, { name: 'sidecar', image: 'public.ecr.aws/x/y:1' }],
      }],
    },
    { name: 'empty', services: [], tasks: [] },
  ];
}

/** Daemons: `monitor` mid-deployment (two current revisions, one older one no longer current), `logs` being deleted. */
function daemons(): NonNullable<AccountModel['ecs']['clusters'][number]['daemons']> {
  const image = (repository: string, tag: string, label: string) =>
    [{ containerName: 'agent', image: `${REGISTRY}/${repository}:${tag}`, imageDigest: digestOf(label) }];
  return [
    { name: 'monitor', status: 'ACTIVE', revisions: [
      { id: '300', current: true, daemonTaskDefinition: 'monitor-agent:3', containerImages: image('monitor', 'v3', 'monitor-300') },
      { id: '200', current: true, daemonTaskDefinition: 'monitor-agent:2', containerImages: image('monitor', 'v2', 'monitor-200') },
      { id: '100', current: false, daemonTaskDefinition: 'monitor-agent:1', containerImages: image('monitor', 'v1', 'monitor-100') },
    ] },
    { name: 'logs', status: 'DELETE_IN_PROGRESS', revisions: [
      { id: '7', current: true, daemonTaskDefinition: 'monitor-agent:3', containerImages: image('monitor', 'v3', 'logs-7') },
    ] },
  ];
}

function daemonTaskDefinitions(): NonNullable<AccountModel['ecs']['daemonTaskDefinitions']> {
  return [1, 2, 3].map((revision) => ({ family: 'monitor-agent', revision, status: 'ACTIVE',
    containerDefinitions: [{ name: 'agent', image: `${REGISTRY}/monitor:v${revision}` }, { name: 'shipper', image: 'public.ecr.aws/s/ship:1' }] }));
}

function eventRules(): AccountModel['events']['rules'] {
  return [
    { name: 'report-daily', eventBusName: 'default', scheduleExpression: 'rate(1 day)',
      targets: [{ id: 't1', arn: clusterArnOf('prod'), ecsParameters: { taskDefinitionArn: tdArn('report', 1) } }] },
    { name: 'notify', eventBusName: 'default', targets: [{ id: 'fn', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notify` }] },
    { name: 'empty-rule', eventBusName: 'default', targets: [] },
    { name: 'ops-cleanup', eventBusName: 'ops', scheduleExpression: 'rate(1 hour)', targets: [
      { id: 'fn', arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:x` },
      { id: 'a', arn: clusterArnOf('batch'), ecsParameters: { taskDefinitionArn: familyArn('worker') } },
      { id: 'b', arn: clusterArnOf('batch'), ecsParameters: { taskDefinitionArn: tdArn('worker', 1) } },
    ] },
  ];
}

function schedules(): AccountModel['scheduler']['schedules'] {
  const role = `arn:aws:iam::${ACCOUNT}:role/scheduler`;
  return [
    { name: 'nightly', groupName: 'default', state: 'ENABLED', target: { arn: clusterArnOf('batch'), roleArn: role, ecsParameters: { taskDefinitionArn: familyArn('nightly') } } },
    { name: 'nightly-old', groupName: 'jobs', state: 'DISABLED', target: { arn: clusterArnOf('batch'), roleArn: role, ecsParameters: { taskDefinitionArn: tdArn('nightly', 1) } } },
    { name: 'cron', groupName: 'jobs', state: 'ENABLED', target: { arn: 'arn:aws:scheduler:::aws-sdk:ecs:runTask', roleArn: role,
      input: JSON.stringify({ Cluster: 'batch', TaskDefinition: 'cron:1' }) } },
    { name: 'invoke', groupName: 'default', state: 'ENABLED', target: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:x`, roleArn: role } },
  ];
}

/** The account every ECS source test reads. Its shape is described in the file comment. */
export function ecsAccount(): AccountModel {
  const account = emptyAccount(ACCOUNT, REGION);
  account.ecs.taskDefinitions = [
    ...revisions('web', 8, [3, 6]), ...revisions('web-api', 4), ...revisions('worker', 2), ...revisions('nightly', 5, [5]),
    ...revisions('report', 1), ...revisions('legacy', 2, [1, 2]), ...revisions('cron', 1), ...revisions('pinned', 1),
  ];
  account.ecs.clusters = clusters();
  account.ecs.daemonTaskDefinitions = daemonTaskDefinitions();
  account.events = { buses: ['default', 'ops'], rules: eventRules() };
  account.scheduler.schedules = schedules();
  // Version consistency pinned the `pinned` service to the digest `prd` had at deploy time; the tag has moved on since.
  account.ecr.repositories = [{ name: 'pinned', createdAt: 1_600_000_000_000, images: [
    { digest: digestOf('pinned-p1'), tags: [], pushedAt: 1_650_000_000_000, sizeBytes: 10, manifestMediaType: MANIFEST },
    { digest: PINNED_TAG_NOW, tags: ['prd'], pushedAt: 1_700_000_000_000, sizeBytes: 10, manifestMediaType: MANIFEST },
  ] }];
  return account;
}

export const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };

export function ecsClients(emulator: AwsEmulator, settings: ClientSettings = {}): EcsClients {
  const config = () => commonClientConfig({ region: REGION, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...settings });
  return { ecs: new ECSClient(config()), events: new EventBridgeClient(config()), scheduler: new SchedulerClient(config()) };
}

export function destroyClients(clients: EcsClients): void {
  clients.ecs.destroy();
  clients.events.destroy();
  clients.scheduler.destroy();
}
