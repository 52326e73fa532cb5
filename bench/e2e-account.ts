/**
 * The generated world of one bench size: the emulated AWS account (ECR, ECS, EventBridge, Scheduler, Lambda, Batch,
 * SSM config, SNS topic) in one region or split over several, and the Kubernetes objects of its EKS clusters.
 * Deterministic for a seed.
 */
import { emptyAccount, registryHost, type AccountModel, type EmuBatchJobDefinition, type EmuLambdaFunction } from '../emulator/aws/account';
import type { EmulatedPrincipal } from '../emulator/k8s/eks-token-verifier';
import type { K8sCluster } from '../emulator/k8s/model';
import { BENCH_DOCUMENTS } from './e2e-config';
import { generateEcs } from './e2e-ecs';
import { generateRegistry, repositoryName, type ImagePath, type ImageRef, type Registry } from './e2e-images';
import { generateClusters } from './e2e-k8s';
import { randomFrom } from './e2e-random';
import { regionLayout } from './e2e-regions';
import { repositoryRoles, type AccountShape } from './e2e-shape';

export const BENCH_ACCOUNT = '123456789012';
export const BENCH_REGION = 'us-east-1';
export const BENCH_TOPIC = `arn:aws:sns:${BENCH_REGION}:${BENCH_ACCOUNT}:ecr-retention`;
/** The deployment's bucket, where each region's state and task-definition cache live, under the handler's default prefix. */
export const BENCH_STATE_BUCKET = 'ecr-retention-state-123456789012';
export const BENCH_STATE_PREFIX = 'state/';
export const BENCH_PRINCIPAL: EmulatedPrincipal = {
  accessKeyId: 'AKIDBENCHCLEANER',
  secretAccessKey: 'bench-secret',
  arn: `arn:aws:iam::${BENCH_ACCOUNT}:role/ecr-retention`,
};

export interface GeneratedWorld {
  /** One model per region, the home region's (BENCH_REGION: config, topic, platform registry) first. */
  readonly models: AccountModel[];
  /** Kubernetes objects per EKS cluster, every region's; `model.eks.clusters` is filled once the Kubernetes emulator listens. */
  readonly clusters: K8sCluster[];
  /** The region of each EKS cluster, by name. */
  readonly clusterRegions: ReadonlyMap<string, string>;
}

/**
 * The account of one size over `regions` (the home region first; bench/e2e-regions.ts says how it is split). One
 * region gives exactly the account the bench has always generated: the same random stream, the same objects.
 */
export function generateWorld(shape: AccountShape, now: number, seed = 7, regions: readonly string[] = [BENCH_REGION]): GeneratedWorld {
  if (regions[0] !== BENCH_REGION) throw new Error(`the home region must come first: ${BENCH_REGION}`);
  const rand = randomFrom(seed);
  const layout = regionLayout(shape, regions);
  const models = regions.map((region) => {
    const model = emptyAccount(BENCH_ACCOUNT, region);
    model.callerArn = `arn:aws:sts::${BENCH_ACCOUNT}:assumed-role/ecr-retention/bench`;
    return model;
  });
  const modelIn = (region: string) => models[regions.indexOf(region)] as AccountModel;
  const roles = repositoryRoles(shape);
  const registry = generateRegistry(shape, roles.batch.from + roles.batch.count, rand, now);
  registry.repositories.forEach((repository, index) => modelIn(layout.registryOf(index)).ecr.repositories.push(repository));
  const hosts = new Map(models.map((model) => [model.region, registryHost(model)]));
  const imagePath: ImagePath = (index) => `${hosts.get(layout.registryOf(index))}/${repositoryName(index)}`;
  const clusters: K8sCluster[] = [];
  const clusterRegions = new Map<string, string>();
  layout.shares.forEach((share, r) => {
    const account = models[r] as AccountModel;
    generateEcs(account, share.shape, registry, share.services, imagePath, rand, now);
    for (const cluster of generateClusters(share.shape, registry, share.eksApps, imagePath, BENCH_PRINCIPAL.arn, rand, share.firstEksCluster)) {
      clusters.push(cluster);
      clusterRegions.set(cluster.name, share.region);
    }
    account.lambda.functions = [
      ...share.imageFunctions.map((repository) => imageFunction(imagePath, registry, repository, rand)),
      ...Array.from({ length: share.shape.zipFunctions }, (_, i): EmuLambdaFunction => ({
        name: `zip-${share.firstZipFunction + i}`, packageType: 'Zip', latest: {}, versions: [], aliases: [],
      })),
    ];
    account.batch.jobDefinitions = share.jobDefinitions.flatMap((repository) => jobDefinitions(imagePath, registry, repository));
  });
  const home = models[0] as AccountModel;
  home.ssm.parameters = Object.entries(BENCH_DOCUMENTS).map(([name, value]) => ({ name, value, type: 'String' as const }));
  home.sns.topics = [BENCH_TOPIC];
  return { models, clusters, clusterRegions };
}

/** Three published versions; `live` routes to the newest, a canary alias splits traffic on 30 % of functions. */
function imageFunction(imagePath: ImagePath, registry: Registry, repository: number, rand: () => number): EmuLambdaFunction {
  const uris = (ref: ImageRef) => ({ imageUri: `${imagePath(repository)}:${ref.tag}`, resolvedImageUri: `${imagePath(repository)}@${ref.digest}` });
  const builds = registry.builds(repository);
  const at = (age: number) => builds[Math.min(age, builds.length - 1)] as ImageRef;
  const name = `fn-${repositoryName(repository).split('/')[1]}`;
  const canary = rand() < 0.3;
  return {
    name,
    packageType: 'Image',
    latest: uris(at(0)),
    versions: [1, 2, 3].map((version) => ({ version: String(version), ...uris(at(4 - version)) })),
    aliases: [
      { name: 'live', functionVersion: canary ? '2' : '3', ...(canary ? { additionalVersionWeights: { '3': 0.1 } } : {}) },
      { name: 'previous', functionVersion: '1' },
    ],
  };
}

/** An ACTIVE revision on the newest build and the INACTIVE one it replaced; one in ten is a multi-node job. */
function jobDefinitions(imagePath: ImagePath, registry: Registry, repository: number): EmuBatchJobDefinition[] {
  const builds = registry.builds(repository);
  const name = `job-${repositoryName(repository).split('/')[1]}`;
  const properties = (ref: ImageRef): Record<string, unknown> => {
    const image = `${imagePath(repository)}:${ref.tag}`;
    return repository % 10 === 0
      ? { nodeProperties: { numNodes: 2, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container: { image, vcpus: 2, memory: 4096 } }] } }
      : { containerProperties: { image, vcpus: 1, memory: 2048 } };
  };
  const type = repository % 10 === 0 ? 'multinode' : 'container';
  return [
    { jobDefinitionName: name, revision: 1, status: 'INACTIVE', type, properties: properties(builds[Math.min(1, builds.length - 1)] as ImageRef) },
    { jobDefinitionName: name, revision: 2, status: 'ACTIVE', type, properties: properties(builds[0] as ImageRef) },
  ];
}
