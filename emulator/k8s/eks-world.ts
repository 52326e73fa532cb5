/**
 * An emulated region with EKS clusters: the AWS emulator answers ListClusters / DescribeCluster, pointing at the
 * Kubernetes emulator, which authenticates the tokens the cleaner's credentials sign. One mutable clock is shared by
 * default; tests move it (or skew one side) to age tokens. Clusters may live in other accounts and Regions (`homes`):
 * each such account's cleaner signs with the access key the AWS emulator registers for it.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { EksLiveSource, type EksLiveSourceOptions } from '../../lambda/adapters/eks/source';
import { type AccountModel, emptyAccount, type EmuEksCluster } from '../aws/account';
import { emulatorCredentials } from '../aws/estate';
import { startAwsEmulator, type AwsEmulator } from '../aws/server';
import type { EmulatedPrincipal } from './eks-token-verifier';
import { endpointIdOf, type K8sCluster } from './model';
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
  /** Replaces the EKS clusters of (account, Region), (ACCOUNT, REGION) by default: what ListClusters / DescribeCluster see. */
  setEksClusters(clusters: EmuEksCluster[], accountId?: string, region?: string): void;
  /** An EKS client of the account's cleaner in the Region, (ACCOUNT, REGION) by default. */
  eksClient(accountId?: string, region?: string): EKSClient;
  source(overrides?: Partial<EksLiveSourceOptions>): EksLiveSource;
  close(): Promise<void>;
}

export interface EksWorldOptions extends Partial<Omit<K8sEmulatorOptions, 'clusters' | 'clock'>> {
  /** Page size of the AWS emulator (ListClusters). Default 2. */
  readonly awsPageSize?: number;
  /** Where clusters other than (ACCOUNT, REGION)'s live, by endpoint id (the name unless the cluster has an `endpointId`). */
  readonly homes?: Readonly<Record<string, EksHome>>;
}

export interface EksHome {
  readonly accountId: string;
  readonly region: string;
}

/**
 * The cleaner of an account: CLEANER in ACCOUNT; elsewhere the role `ecr-retention` of that account, signing with the
 * key the AWS emulator registers for it (so STS and ECR calls with it reach that account too).
 */
export function cleanerOf(accountId: string): EmulatedPrincipal {
  if (accountId === ACCOUNT) return CLEANER;
  return { ...emulatorCredentials(accountId), arn: `arn:aws:iam::${accountId}:role/ecr-retention` };
}

export async function startEksWorld(clusters: K8sCluster[], options: EksWorldOptions = {}): Promise<EksWorld> {
  const clock = { now: T0 };
  const serverClock = { skewMs: 0 };
  const homes = options.homes ?? {};
  const accounts = [...new Set([ACCOUNT, ...Object.values(homes).map((home) => home.accountId)])];
  const k8s = await startK8sEmulator({
    principals: accounts.map(cleanerOf),
    pageSize: 2,
    ...options,
    clusters,
    clock: () => clock.now + serverClock.skewMs,
  });
  const models = modelsOf(clusters, homes, (id) => k8s.eksCluster(id));
  const aws = await startAwsEmulator({ accounts: models, pageSize: options.awsPageSize ?? 2, quotas: {} });
  const eksClient = (accountId = ACCOUNT, region = REGION) => new EKSClient(commonClientConfig({
    region, endpoint: aws.url, credentials: cleanerOf(accountId), maxAttempts: 3, fixedBackoffMs: 1,
  }));
  return {
    aws,
    k8s,
    clock,
    serverClock,
    setEksClusters: (next, accountId = ACCOUNT, region = REGION) => void (aws.modelFor(accountId, region).eks.clusters = next),
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

/** (ACCOUNT, REGION) first, then one model per other home; each cluster is entered in its home's model. */
function modelsOf(clusters: readonly K8sCluster[], homes: Readonly<Record<string, EksHome>>, entry: (id: string) => EmuEksCluster): AccountModel[] {
  const models = new Map<string, AccountModel>([[`${ACCOUNT}/${REGION}`, emptyAccount(ACCOUNT, REGION)]]);
  for (const cluster of clusters) {
    const id = endpointIdOf(cluster);
    const home = Object.hasOwn(homes, id) ? homes[id] as EksHome : { accountId: ACCOUNT, region: REGION };
    const place = `${home.accountId}/${home.region}`;
    if (!models.has(place)) models.set(place, emptyAccount(home.accountId, home.region));
    models.get(place)?.eks.clusters.push(entry(id));
  }
  return [...models.values()];
}
