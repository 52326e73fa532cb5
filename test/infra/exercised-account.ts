/**
 * What the demo account lacks for its two runs to make every call the cleaner can make. It schedules no ECS task (no
 * ListTargetsByRule, no GetSchedule), its services list no service deployment (no DescribeServiceDeployments), and
 * delete mode deletes no image index, so nothing is written to the journal (no PutObject); it runs no ECS Managed
 * Daemon (no DescribeDaemon, DescribeDaemonRevisions, DescribeDaemonTaskDefinition); it queues no Batch job (no
 * ListJobs, no DescribeJobs). Given here, not in the
 * demo, so that the demo's plan and the e2e tests that count its deletions stay as they are.
 */
import { registryHost, taskDefinitionArn, type AccountModel, type EmuImage } from '../../emulator/aws/account';
import { DAY, digest } from '../../demo/sample-account';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';

export function giveEveryCallSomethingToRead(account: AccountModel, now: number): void {
  scheduleEcsTasks(account);
  recordServiceDeployment(account, now);
  addExpiredImageIndex(account, now);
  runDaemon(account);
  queueBatchJob(account);
}

/** A daemon on the prod cluster, from another registry so that it changes nothing in ECR. */
function runDaemon(account: AccountModel): void {
  const prod = account.ecs.clusters.find((cluster) => cluster.name === 'prod');
  if (!prod) throw new Error('the demo account no longer has the prod cluster');
  const image = 'public.ecr.aws/example/agent:1';
  prod.daemons = [{ name: 'agent', status: 'ACTIVE', revisions: [
    { id: '1', current: true, daemonTaskDefinition: 'agent:1', containerImages: [{ containerName: 'agent', image }] },
  ] }];
  account.ecs.daemonTaskDefinitions = [{ family: 'agent', revision: 1, status: 'ACTIVE', containerDefinitions: [{ name: 'agent', image }] }];
}

/**
 * A job queue with one RUNNABLE job, of a deregistered definition, running an image of the demo registry pinned by
 * digest: queued jobs are listed (ListJobs) and described (DescribeJobs).
 */
function queueBatchJob(account: AccountModel): void {
  const repository = account.ecr.repositories.find((candidate) => candidate.images.length > 0);
  const image = repository?.images[0];
  if (!repository || !image) throw new Error('the demo account no longer has an image to queue a Batch job with');
  account.batch.jobQueues = ['default'];
  account.batch.jobs = [{
    jobId: 'queued-1', jobName: 'queued', jobQueue: 'default', status: 'RUNNABLE',
    jobDefinition: `arn:aws:batch:${account.region}:${account.accountId}:job-definition/retired-report:3`,
    properties: { container: { image: `${registryHost(account)}/${repository.name}@${image.digest}` } },
  }];
}

/** An EventBridge rule and a Scheduler schedule that launch an ECS task: only ECS targets are read further. */
function scheduleEcsTasks(account: AccountModel): void {
  const cluster = `arn:aws:ecs:${account.region}:${account.accountId}:cluster/prod`;
  const ecsParameters = { taskDefinitionArn: taskDefinitionArn(account, 'shop-web', 7) };
  account.events.rules.push({
    name: 'web-warmup', eventBusName: 'default', scheduleExpression: 'rate(1 hour)', targets: [{ id: 'warmup', arn: cluster, ecsParameters }],
  });
  account.scheduler.schedules.push({
    name: 'web-report', groupName: 'default', state: 'ENABLED',
    target: { arn: cluster, roleArn: `arn:aws:iam::${account.accountId}:role/scheduler`, ecsParameters },
  });
}

/** The deployment that made the api service's current revision: its revisions are rollback targets. */
function recordServiceDeployment(account: AccountModel, now: number): void {
  const service = account.ecs.clusters.find((cluster) => cluster.name === 'prod')?.services.find((candidate) => candidate.name === 'api');
  const revision = service?.currentServiceRevisionArns?.[0];
  if (!service || !revision) throw new Error('the demo account no longer has the prod/api service with a current revision');
  service.serviceDeployments = [{
    arn: `arn:aws:ecs:${account.region}:${account.accountId}:service-deployment/prod/api/d1`,
    status: 'SUCCESSFUL', targetServiceRevisionArn: revision, sourceServiceRevisionArns: [], createdAt: now - DAY,
  }];
}

/** An old mainline index with two platform manifests: deleting it journals its members first. */
function addExpiredImageIndex(account: AccountModel, now: number): void {
  const api = account.ecr.repositories.find((repository) => repository.name === 'shop/api');
  if (!api) throw new Error('the demo account no longer has the shop/api repository');
  const old = (name: string, extra: Partial<EmuImage> = {}): EmuImage =>
    ({ digest: digest(name), tags: [], pushedAt: now - 400 * DAY, sizeBytes: 10, manifestMediaType: MANIFEST, ...extra });
  api.images.push(old('iam-amd64'), old('iam-arm64'), old('iam-index', {
    tags: ['git-00000001'], manifestMediaType: INDEX, childDigests: [digest('iam-amd64'), digest('iam-arm64')],
  }));
}
