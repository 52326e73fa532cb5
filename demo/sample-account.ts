/**
 * The demo account: the four seed incidents, a multi-arch image, a signed image, a pull-request lineage with several
 * branches, an ECS service pinned to an old digest, a Lambda function, and a live reference to a missing image.
 * Digests are derived from names so every run of the demo prints the same plan.
 */
import { createHash } from 'node:crypto';
import { emptyAccount, registryHost, taskDefinitionArn, type AccountModel, type EmuImage } from '../emulator/aws/account';

export const DAY = 86_400_000;
const IMAGE = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MB = 1024 * 1024;

export function digest(name: string): string {
  return `sha256:${createHash('sha256').update(name).digest('hex')}`;
}

function img(name: string, tags: string[], daysAgo: number, now: number, extra: Partial<EmuImage> = {}): EmuImage {
  return { digest: digest(name), tags, pushedAt: now - daysAgo * DAY, sizeBytes: 80 * MB + (name.length % 7) * 10 * MB, manifestMediaType: IMAGE, artifactMediaType: 'application/vnd.oci.image.config.v1+json', ...extra };
}

/** S1 + signed image: eight mainline builds; build 6 still runs in ECS; the newest is cosign-signed and has an SBOM referrer. */
function shopApi(now: number): EmuImage[] {
  const builds = Array.from({ length: 8 }, (_, i) => img(`api-${i}`, [`git-${digest(`api-${i}`).slice(7, 15)}`], 3 + i * 4, now));
  const signed = builds[0] as EmuImage;
  return [
    ...builds,
    img('api-sig', [`sha256-${signed.digest.slice(7)}.sig`], 3, now, { sizeBytes: 1024, artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' }),
    img('api-sbom', [], 3, now, { sizeBytes: 40 * 1024, subjectDigest: signed.digest, artifactMediaType: 'application/spdx+json' }),
  ];
}

/** S2: the rollback target carries tag-1-252-0 and tag-1-253-0 but was pushed before tag-1-251-0. */
function shopWeb(now: number): EmuImage[] {
  return [
    img('web-rollback', ['git-325dc21f', 'git-684254dd', 'tag-1-252-0', 'tag-1-253-0'], 60, now),
    ...[249, 250, 251].map((minor, i) => img(`web-${minor}`, [`tag-1-${minor}-0`], 50 - i, now)),
    ...[254, 255, 256].map((minor, i) => img(`web-${minor}`, [`tag-1-${minor}-0`], 20 - i * 5, now)),
  ];
}

/** S3: `latest` sits on an old build; newer builds push it out of any count window. */
function shopWorker(now: number): EmuImage[] {
  return [img('worker-old', ['git-0badc0de', 'latest'], 120, now), ...[1, 2, 3, 4].map((i) => img(`worker-${i}`, [`git-${digest(`worker-${i}`).slice(7, 15)}`], i * 7, now))];
}

/** S4: a multi-arch base image (index + two platform manifests) among untagged leftovers; policy keeps 1 untagged. */
function platformBase(now: number): EmuImage[] {
  const amd64 = img('base-amd64', [], 30, now);
  const arm64 = img('base-arm64', [], 30, now);
  return [
    img('base-index', ['v3.19.1'], 30, now, { manifestMediaType: INDEX, artifactMediaType: undefined, childDigests: [amd64.digest, arm64.digest], sizeBytes: 90 * MB }),
    amd64, arm64,
    img('base-stray-1', [], 40, now), img('base-stray-2', [], 45, now), img('base-stray-3', [], 50, now),
  ];
}

/** Pull requests: keep the newest 2 per branch. */
function shopFrontend(now: number): EmuImage[] {
  const prs: [string, number][] = [['feat-login', 4], ['fix-cart', 3], ['chore-deps', 1]];
  return prs.flatMap(([branch, count]) => Array.from({ length: count }, (_, i) =>
    img(`fe-${branch}-${i}`, [`pr-${branch}-${digest(`fe-${branch}-${i}`).slice(7, 14)}`], 5 + i * 6, now)));
}

/** The nightly report job: only the EKS CronJob references its image. */
function batchReport(now: number): EmuImage[] {
  const nights: [string, number][] = [['20261118', 5], ['20261111', 12], ['20261104', 19], ['20261028', 26], ['20261021', 33]];
  return nights.map(([date, days]) => img(`report-${date}`, [`nightly-${date}`], days, now));
}

export function sampleAccount(now: number): AccountModel {
  const account = emptyAccount('123456789012', 'us-east-1');
  const host = registryHost(account);
  const repositories: [string, EmuImage[]][] = [
    ['shop/api', shopApi(now)], ['shop/web', shopWeb(now)], ['shop/worker', shopWorker(now)], ['platform/base', platformBase(now)],
    ['shop/frontend', shopFrontend(now)], ['batch/report', batchReport(now)], ['sandbox/experiments', [img('sandbox-1', [], 300, now)]],
  ];
  account.ecr.repositories = repositories.map(([name, images]) => ({ name, createdAt: now - 400 * DAY, images }));
  const pinned = shopApi(now)[5] as EmuImage;
  const family = 'shop-api';
  account.ecs.taskDefinitions = [
    { family, revision: 41, status: 'ACTIVE', containerDefinitions: [{ name: 'api', image: `${host}/shop/api:git-${digest('api-5').slice(7, 15)}` }] },
    { family: 'shop-web', revision: 7, status: 'ACTIVE', containerDefinitions: [{ name: 'web', image: `${host}/shop/web:tag-1-256-0` }] },
  ];
  const revisionArn = `arn:aws:ecs:us-east-1:123456789012:service-revision/prod/api/1`;
  account.ecs.clusters = [{
    name: 'prod',
    services: [{ name: 'api', deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: taskDefinitionArn(account, family, 41) }], currentServiceRevisionArns: [revisionArn] }],
    serviceRevisions: [{ arn: revisionArn, taskDefinition: taskDefinitionArn(account, family, 41), containerImages: [{ containerName: 'api', image: `${host}/shop/api:git-${digest('api-5').slice(7, 15)}`, imageDigest: pinned.digest }] }],
    tasks: [{ taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0a1b2c', taskDefinitionArn: taskDefinitionArn(account, family, 41), lastStatus: 'RUNNING', containers: [{ name: 'api', image: `${host}/shop/api:git-${digest('api-5').slice(7, 15)}`, imageDigest: pinned.digest }] }],
  }];
  account.lambda.functions = [{
    name: 'thumbnailer', packageType: 'Image',
    latest: { imageUri: `${host}/shop/api:git-deadbeef`, resolvedImageUri: `${host}/shop/api@${digest('deleted-long-ago')}` },
    versions: [], aliases: [],
  }];
  account.sns.topics = ['arn:aws:sns:us-east-1:123456789012:ecr-retention'];
  return account;
}
