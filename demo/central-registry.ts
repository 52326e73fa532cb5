/**
 * The central-registry estate (README "Central registry"; the seed's build once, deploy anywhere): a registry account
 * that runs no workloads and two workload accounts that pull from it, a dev account whose ECS service runs in another
 * region than the registry, and a prod account whose EKS CronJob pins a digest. One exchange bucket, in the registry
 * account, with the policy the stack creates. Used by `npm run demo` (demo/registry-demo.ts) and the end-to-end tests.
 */
import { emptyAccount, type AccountModel, type EmuImage } from '../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../emulator/aws/server';
import { cleanerOf } from '../emulator/k8s/eks-world';
import { cronJob } from '../emulator/k8s/fixtures';
import { startK8sEmulator, type K8sEmulator } from '../emulator/k8s/server';
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import type { RunReport } from '../lambda/report/report';
import { run } from '../lambda/run';
import { buildDependencies } from '../lambda/wiring';
import { digest } from './sample-account';

export const REGISTRY = '111111111111';
export const DEV = '222222222222';
export const PROD = '333333333333';
export const HOME = 'us-east-1';
export const DEV_REGION = 'eu-west-1';
export const EXCHANGE_BUCKET = 'org-ecr-live';
export const REGISTRY_HOST = `${REGISTRY}.dkr.ecr.${HOME}.amazonaws.com`;
const DAY = 86_400_000;

/** The registry's policy: keep the newest git build of shop/web, delete the rest unless something pulls it. */
export const REGISTRY_CONFIG = `settings:
  mode: delete
  gracePeriod: 1d
  exchange:
    expect: ["${DEV}", "${PROD}"]
    maxAge: 1d
  live: { lambda: false, batch: false }
policies:
  - name: shop
    repositories: ["shop/*"]
    lineages:
      - name: builds
        tags: "git-[0-9a-f]+"
        keep: { newest: 1 }
    untagged: expire
`;

/** A workload account's config: no policy (it governs nothing), its live sources as usual. */
export const WORKLOAD_CONFIG = 'settings:\n  mode: plan\n  live: { lambda: false, batch: false }\n';

export interface CentralRegistry {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  /** One scheduled run of the account's deployment, as the Lambda makes it (export written, exchange read). */
  runAccount(accountId: string, options?: { readonly now?: number; readonly mode?: 'plan' | 'delete' }): Promise<RunReport>;
  model(accountId: string, region?: string): AccountModel;
  /** `repository@digest` of every image the registry holds now. */
  registryImages(): Set<string>;
  close(): Promise<void>;
}

/** Five builds of shop/web, all older than the grace period; only git-5 is kept by the lineage. */
export function webBuild(n: number, now: number): EmuImage {
  return { digest: digest(`web-${n}`), tags: [`git-${n}0${n}0${n}0${n}`], pushedAt: now - (30 - n) * DAY, sizeBytes: 50_000_000, manifestMediaType: 'application/vnd.oci.image.manifest.v1+json' };
}

export async function startCentralRegistry(now: number, pageSize = 3): Promise<CentralRegistry> {
  const k8s = await startK8sEmulator({ principals: [cleanerOf(PROD)], pageSize, clusters: [prodCluster()] });
  const accounts = [registryModel(now), devModel(now), prodModel(k8s)];
  const aws = await startAwsEmulator({ accounts, pageSize, quotas: {}, clock: () => now });
  aws.account.s3 = {
    buckets: { [EXCHANGE_BUCKET]: {}, ...Object.fromEntries([REGISTRY, DEV, PROD].map((id) => [journalBucket(id), {}])) },
    owners: { [EXCHANGE_BUCKET]: REGISTRY, [journalBucket(DEV)]: DEV, [journalBucket(PROD)]: PROD },
    exchangeBuckets: { [EXCHANGE_BUCKET]: { ownKeysUnder: 'live/' } },
  };
  const homeOf = (accountId: string) => (accountId === DEV ? DEV_REGION : HOME);
  return {
    aws,
    k8s,
    model: (accountId, region) => aws.modelFor(accountId, region ?? homeOf(accountId)),
    registryImages: () => new Set(aws.modelFor(REGISTRY, HOME).ecr.repositories.flatMap((r) => r.images.map((i) => `${r.name}@${i.digest}`))),
    runAccount: async (accountId, options = {}) => {
      const deps = await buildDependencies({
        clients: { region: homeOf(accountId), endpoint: aws.url, credentials: aws.credentialsFor(accountId), maxAttempts: 2, fixedBackoffMs: 1 },
        configPath: '/ecr-retention/',
        topicArn: topicOf(accountId, homeOf(accountId)),
        state: { bucket: journalBucket(accountId), prefix: 'state/' },
        exchangeBucket: EXCHANGE_BUCKET,
        writeExport: true,
        telemetry: new StderrTelemetry(false),
        runId: `run-${accountId}`,
        clock: () => options.now ?? now,
      });
      return run(deps, options.mode ? { mode: options.mode } : {});
    },
    close: async () => void (await Promise.all([aws.close(), k8s.close()])),
  };
}

export function topicOf(accountId: string, region: string): string {
  return `arn:aws:sns:${region}:${accountId}:ecr-retention`;
}

function journalBucket(accountId: string): string {
  return `ecr-retention-journal-${accountId}`;
}

function withConfig(model: AccountModel, text: string): AccountModel {
  model.ssm.parameters = [{ name: '/ecr-retention/config', value: text, type: 'String' }];
  model.sns.topics = [topicOf(model.accountId, model.region)];
  return model;
}

function registryModel(now: number): AccountModel {
  const model = withConfig(emptyAccount(REGISTRY, HOME), REGISTRY_CONFIG);
  model.ecr.repositories = [{ name: 'shop/web', createdAt: now - 60 * DAY, images: [1, 2, 3, 4, 5].map((n) => webBuild(n, now)) }];
  return model;
}

/** Dev runs shop/web's git-2 build on ECS, in eu-west-1: a cross-account and cross-region pull. */
function devModel(now: number): AccountModel {
  const model = withConfig(emptyAccount(DEV, DEV_REGION), WORKLOAD_CONFIG);
  const image = `${REGISTRY_HOST}/shop/web:${webBuild(2, now).tags[0]}`;
  model.ecs.taskDefinitions = [{ family: 'web', revision: 7, status: 'ACTIVE', containerDefinitions: [{ name: 'web', image }] }];
  const taskDefinition = `arn:aws:ecs:${DEV_REGION}:${DEV}:task-definition/web:7`;
  model.ecs.clusters = [{ name: 'dev', services: [{ name: 'web', deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition }] }], tasks: [] }];
  return model;
}

/** Prod's nightly EKS CronJob pins build 3 by digest. */
function prodModel(k8s: K8sEmulator): AccountModel {
  const model = withConfig(emptyAccount(PROD, HOME), WORKLOAD_CONFIG);
  model.callerArn = cleanerOf(PROD).arn;
  model.eks.clusters = [k8s.eksCluster('prod-eks')];
  return model;
}

function prodCluster() {
  return {
    name: 'prod-eks',
    accessEntries: [cleanerOf(PROD).arn],
    objects: {
      cronjobs: [cronJob('shop', 'nightly-export', { containers: [{ name: 'export', image: `${REGISTRY_HOST}/shop/web@${digest('web-3')}` }] })],
    },
  };
}
