/**
 * The demo world: the AWS emulator seeded with the sample account and its SSM config, and a Kubernetes emulator
 * (one EKS cluster) whose CronJob and pods reference ECR images. Used by `npm run demo` and the end-to-end tests.
 */
import { startAwsEmulator, type AwsEmulator } from '../emulator/aws/server';
import type { EmulatedPrincipal } from '../emulator/k8s/eks-token-verifier';
import { cronJob, deployment, pod } from '../emulator/k8s/fixtures';
import { startK8sEmulator, type K8sEmulator } from '../emulator/k8s/server';
import { DEMO_DOCUMENTS } from './config';
import { digest, sampleAccount } from './sample-account';

export const DEMO_REGION = 'us-east-1';
export const DEMO_ACCOUNT = '123456789012';
export const DEMO_TOPIC = `arn:aws:sns:${DEMO_REGION}:${DEMO_ACCOUNT}:ecr-retention`;
export const DEMO_PRINCIPAL: EmulatedPrincipal = {
  accessKeyId: 'AKIDDEMOCLEANER',
  secretAccessKey: 'demo-secret',
  arn: `arn:aws:iam::${DEMO_ACCOUNT}:role/ecr-retention`,
};
const REGISTRY = `${DEMO_ACCOUNT}.dkr.ecr.${DEMO_REGION}.amazonaws.com`;
/** The deletion journal's bucket and key, as the stack passes them to the function. */
export const DEMO_JOURNAL = { bucket: 'ecr-retention-journal-demo', key: 'journal/deletions.json' } as const;

export interface DemoEnvironment {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  /** Environment variables that point the SDK (and so the handler) at the emulator. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface DemoOptions {
  readonly now: number;
  /** Forced page size of every emulated list API. Default 3, so every adapter paginates. */
  readonly pageSize?: number;
  /** Replaces the config documents (tests use it for invalid configs and the cap). */
  readonly documents?: Readonly<Record<string, string>>;
}

export async function startDemoEnvironment(options: DemoOptions): Promise<DemoEnvironment> {
  const k8s = await startK8sEmulator({ principals: [DEMO_PRINCIPAL], pageSize: options.pageSize ?? 3, clusters: [shopCluster()] });
  const account = sampleAccount(options.now);
  account.callerArn = `arn:aws:sts::${DEMO_ACCOUNT}:assumed-role/ecr-retention/demo`;
  account.eks.clusters = [k8s.eksCluster('shop-prod')];
  account.ssm.parameters = Object.entries(options.documents ?? DEMO_DOCUMENTS).map(([name, value]) => ({ name, value, type: 'String' as const }));
  account.s3 = { buckets: { [DEMO_JOURNAL.bucket]: {} } };
  const aws = await startAwsEmulator({ account, pageSize: options.pageSize ?? 3, quotas: {} });
  const env = {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: DEMO_REGION,
    AWS_ACCESS_KEY_ID: DEMO_PRINCIPAL.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_PRINCIPAL.secretAccessKey,
    CONFIG_PATH: '/ecr-retention/',
    TOPIC_ARN: DEMO_TOPIC,
    JOURNAL_BUCKET: DEMO_JOURNAL.bucket,
    JOURNAL_KEY: DEMO_JOURNAL.key,
  };
  return { aws, k8s, env, close: async () => void (await Promise.all([aws.close(), k8s.close()])) };
}

/** One EKS cluster: the nightly report CronJob (its image runs nowhere else) and a multi-arch base image in use. */
function shopCluster() {
  return {
    name: 'shop-prod',
    accessEntries: [DEMO_PRINCIPAL.arn],
    objects: {
      cronjobs: [cronJob('reports', 'nightly-report', { containers: [{ name: 'report', image: `${REGISTRY}/batch/report:nightly-20261021` }] })],
      deployments: [deployment('shop', 'frontend', { containers: [{ name: 'web', image: `${REGISTRY}/shop/web:tag-1-255-0` }] })],
      pods: [pod('infra', 'base-probe', { containers: [{ name: 'probe', image: `${REGISTRY}/platform/base:v3.19.1` }] }, {
        containerStatuses: [{ name: 'probe', image: `${REGISTRY}/platform/base:v3.19.1`, imageID: `${REGISTRY}/platform/base@${digest('base-index')}` }],
      })],
    },
  };
}
