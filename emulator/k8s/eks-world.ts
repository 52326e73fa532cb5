/**
 * An emulated region with EKS clusters: the AWS emulator answers ListClusters / DescribeCluster, pointing at the
 * Kubernetes emulator, which authenticates the tokens the cleaner's credentials sign. One mutable clock is shared by
 * default; tests move it (or skew one side) to age tokens.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { EksLiveSource, type EksLiveSourceOptions } from '../../lambda/adapters/eks/source';
import { emptyAccount, type EmuEksCluster } from '../aws/account';
import { startAwsEmulator, type AwsEmulator } from '../aws/server';
import type { EmulatedPrincipal } from './eks-token-verifier';
import type { K8sCluster } from './model';
import { startK8sEmulator, type K8sEmulator, type K8sEmulatorOptions } from './server';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
export const CLEANER: EmulatedPrincipal = {
  accessKeyId: 'AKIDCLEANER',
  secretAccessKey: 'cleaner-secret',
  arn: `arn:aws:iam::${ACCOUNT}:role/ecr-retention`,
};
/** 2025-03-01T12:00:00Z: any fixed instant; tokens are signed and judged against it. */
export const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);

export interface EksWorld {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  /** The cleaner's clock (token signing and refresh). */
  readonly clock: { now: number };
  /** The API servers' clock; equal to the cleaner's unless a test skews it. */
  readonly serverClock: { skewMs: number };
  /** Replaces the account's EKS clusters (what ListClusters / DescribeCluster see). */
  setEksClusters(clusters: EmuEksCluster[]): void;
  eksClient(): EKSClient;
  source(overrides?: Partial<EksLiveSourceOptions>): EksLiveSource;
  close(): Promise<void>;
}

export interface EksWorldOptions extends Partial<Omit<K8sEmulatorOptions, 'clusters' | 'clock'>> {
  /** Page size of the AWS emulator (ListClusters). Default 2. */
  readonly awsPageSize?: number;
}

export async function startEksWorld(clusters: K8sCluster[], options: EksWorldOptions = {}): Promise<EksWorld> {
  const clock = { now: T0 };
  const serverClock = { skewMs: 0 };
  const k8s = await startK8sEmulator({
    principals: [CLEANER],
    pageSize: 2,
    ...options,
    clusters,
    clock: () => clock.now + serverClock.skewMs,
  });
  const account = emptyAccount(ACCOUNT, REGION);
  account.eks.clusters = clusters.map((cluster) => k8s.eksCluster(cluster.name));
  const aws = await startAwsEmulator({ account, pageSize: options.awsPageSize ?? 2, quotas: {} });
  const eksClient = () => new EKSClient(commonClientConfig({
    region: REGION, endpoint: aws.url, credentials: CLEANER, maxAttempts: 3, fixedBackoffMs: 1,
  }));
  return {
    aws,
    k8s,
    clock,
    serverClock,
    setEksClusters: (next) => void (account.eks.clusters = next),
    eksClient,
    source: (overrides = {}) => new EksLiveSource({
      eks: eksClient(),
      credentials: { accessKeyId: CLEANER.accessKeyId, secretAccessKey: CLEANER.secretAccessKey },
      region: REGION,
      clock: () => clock.now,
      pageSize: 2,
      requestTimeoutMs: 2_000,
      retryDelayMs: 1,
      ...overrides,
    }),
    close: async () => {
      await aws.close();
      await k8s.close();
    },
  };
}
