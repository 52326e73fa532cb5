/**
 * The generated world of one bench size: the emulated AWS account (ECR, ECS, EventBridge, Scheduler, Lambda, Batch,
 * SSM config, SNS topic) and the Kubernetes objects of its EKS clusters. Deterministic for a seed.
 */
import { emptyAccount, registryHost, type AccountModel, type EmuBatchJobDefinition, type EmuLambdaFunction } from '../emulator/aws/account';
import type { EmulatedPrincipal } from '../emulator/k8s/eks-token-verifier';
import type { K8sCluster } from '../emulator/k8s/model';
import { BENCH_DOCUMENTS } from './e2e-config';
import { generateEcs } from './e2e-ecs';
import { generateRegistry, repositoryName, type ImageRef, type Registry } from './e2e-images';
import { generateClusters } from './e2e-k8s';
import { randomFrom } from './e2e-random';
import { repositoryRoles, type AccountShape } from './e2e-shape';

export const BENCH_ACCOUNT = '123456789012';
export const BENCH_REGION = 'us-east-1';
export const BENCH_TOPIC = `arn:aws:sns:${BENCH_REGION}:${BENCH_ACCOUNT}:ecr-retention`;
export const BENCH_PRINCIPAL: EmulatedPrincipal = {
  accessKeyId: 'AKIDBENCHCLEANER',
  secretAccessKey: 'bench-secret',
  arn: `arn:aws:iam::${BENCH_ACCOUNT}:role/ecr-retention`,
};

export interface GeneratedWorld {
  readonly account: AccountModel;
  /** Kubernetes objects per EKS cluster; `account.eks.clusters` is filled once the Kubernetes emulator listens. */
  readonly clusters: K8sCluster[];
}

export function generateWorld(shape: AccountShape, now: number, seed = 7): GeneratedWorld {
  const rand = randomFrom(seed);
  const account = emptyAccount(BENCH_ACCOUNT, BENCH_REGION);
  account.callerArn = `arn:aws:sts::${BENCH_ACCOUNT}:assumed-role/ecr-retention/bench`;
  const roles = repositoryRoles(shape);
  const registry = generateRegistry(shape, roles.batch.from + roles.batch.count, rand, now);
  account.ecr.repositories = registry.repositories;
  const host = registryHost(account);
  generateEcs(account, shape, registry, roles.ecs.from, rand, now);
  const clusters = generateClusters(shape, registry, roles.eks.from, host, BENCH_PRINCIPAL.arn, rand);
  account.lambda.functions = [
    ...Array.from({ length: shape.imageFunctions }, (_, i) => imageFunction(host, registry, roles.lambda.from + i, rand)),
    ...Array.from({ length: shape.zipFunctions }, (_, i): EmuLambdaFunction => ({ name: `zip-${i}`, packageType: 'Zip', latest: {}, versions: [], aliases: [] })),
  ];
  account.batch.jobDefinitions = Array.from({ length: shape.jobDefinitions }, (_, j) => jobDefinitions(host, registry, roles.batch.from + j)).flat();
  account.ssm.parameters = Object.entries(BENCH_DOCUMENTS).map(([name, value]) => ({ name, value, type: 'String' as const }));
  account.sns.topics = [BENCH_TOPIC];
  return { account, clusters };
}

/** Three published versions; `live` routes to the newest, a canary alias splits traffic on 30 % of functions. */
function imageFunction(host: string, registry: Registry, repository: number, rand: () => number): EmuLambdaFunction {
  const uris = (ref: ImageRef) => ({ imageUri: `${host}/${repositoryName(repository)}:${ref.tag}`, resolvedImageUri: `${host}/${repositoryName(repository)}@${ref.digest}` });
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
function jobDefinitions(host: string, registry: Registry, repository: number): EmuBatchJobDefinition[] {
  const builds = registry.builds(repository);
  const name = `job-${repositoryName(repository).split('/')[1]}`;
  const properties = (ref: ImageRef): Record<string, unknown> => {
    const image = `${host}/${repositoryName(repository)}:${ref.tag}`;
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
