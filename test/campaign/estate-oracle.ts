/**
 * What the registry must keep and may delete, worked out from the emulated models alone: the images each workload
 * account's workloads pull, read from its ECS, Lambda and Batch model (services' task definitions, running tasks,
 * the newest revision of each family, functions' image URIs, active job definitions), resolved against the registry's
 * repositories with the oracle's own parser — nothing from lambda/. The policy's part is oracle.ts's.
 */
import type { AccountModel, EmuImage, EmuRepository } from '../../emulator/aws/account';
import { registryPolicySet } from './estate-config';
import type { EstateSpec } from './estate-spec';
import { stateOf, type EcrState } from './invariants';
import { mustSurviveIn, type MustSurvive } from './oracle';

const ECR_REFERENCE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(sha256:[0-9a-f]{64}))?$/;

/** `repository@digest` of every image of `registry` the workloads of `model` pull now. */
export function referencedIn(model: AccountModel, registry: AccountModel): Set<string> {
  const keys = new Set<string>();
  for (const text of imagesOf(model)) {
    const key = resolve(text, registry);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

function imagesOf(model: AccountModel): string[] {
  const { ecs } = model;
  const definition = (arn: string) => ecs.taskDefinitions.find((d) => arn.endsWith(`:task-definition/${d.family}:${d.revision}`));
  const newest = new Map<string, (typeof ecs.taskDefinitions)[number]>();
  for (const d of ecs.taskDefinitions) if (d.status === 'ACTIVE' && (newest.get(d.family)?.revision ?? 0) < d.revision) newest.set(d.family, d);
  const served = ecs.clusters.flatMap((c) => c.services.flatMap((s) => s.deployments.map((d) => definition(d.taskDefinition))));
  const tasks = ecs.clusters.flatMap((c) => c.tasks.flatMap((t) => t.containers.map((k) => (k.imageDigest ? `${k.image.replace(/[:@].*$/, '')}@${k.imageDigest}` : k.image))));
  const functions = model.lambda.functions.filter((f) => f.packageType === 'Image')
    .flatMap((f) => [f.latest, ...f.versions].flatMap((code) => [code.imageUri, code.resolvedImageUri]));
  const jobs = model.batch.jobDefinitions.filter((j) => j.status === 'ACTIVE')
    .map((j) => (j.properties.containerProperties as { image?: string } | undefined)?.image);
  return [...[...served, ...newest.values()].flatMap((d) => d?.containerDefinitions.map((c) => c.image) ?? []), ...tasks, ...functions, ...jobs]
    .filter((text): text is string => text !== undefined);
}

/** The registry image a reference pulls: its digest when it has one, else the image its tag points at now. */
function resolve(text: string, registry: AccountModel): string | undefined {
  const match = ECR_REFERENCE.exec(text);
  if (!match || match[1] !== registry.accountId || match[2] !== registry.region) return undefined;
  const [, , , repository, tag, digest] = match as unknown as [string, string, string, string, string | undefined, string | undefined];
  const images = registry.ecr.repositories.find((r) => r.name === repository)?.images ?? [];
  const image = digest !== undefined ? images.find((i) => i.digest === digest) : images.find((i) => tag !== undefined && i.tags.includes(tag));
  return image ? `${repository}@${image.digest}` : undefined;
}

export interface EstateOracle {
  /** The registry before its run. */
  readonly original: EcrState;
  /** Each referenced image, with the accounts whose exports should carry it. */
  readonly live: ReadonlyMap<string, readonly string[]>;
  readonly survive: MustSurvive;
  /** What a registry run without faults deletes: every image nothing keeps. */
  readonly deletable: ReadonlySet<string>;
}

/** `exported`: per workload account, what its workloads pulled when its export was written. */
export function estateOracle(spec: EstateSpec, repositories: readonly EmuRepository[], exported: ReadonlyMap<string, ReadonlySet<string>>, now: number): EstateOracle {
  const live = new Map<string, string[]>();
  for (const [account, keys] of exported) for (const key of keys) live.set(key, [...(live.get(key) ?? []), account]);
  const survive = mustSurviveIn(registryPolicySet(spec), repositories, new Set(live.keys()), now);
  const original = stateOf(repositories);
  return { original, live, survive, deletable: new Set([...original.keys()].filter((key) => !survive.has(key))) };
}

/** Whether grace alone would keep the image: pushed or pulled within the grace period. */
export function inGrace(image: EmuImage, graceMinutes: number, now: number): boolean {
  const graceMs = graceMinutes * 60_000;
  return now - image.pushedAt < graceMs || (image.lastPulledAt !== undefined && now - image.lastPulledAt < graceMs);
}
