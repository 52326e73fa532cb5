/**
 * Builds the emulated models of an estate from its spec: the registry account's repositories (and its config, topic
 * and the exchange bucket it owns), and each workload account's ECS, Lambda and Batch workloads, placed by the
 * single-account campaign's builder (workloads.ts), pulling from the registry in the registry's region.
 */
import { createHash } from 'node:crypto';
import { emptyAccount, registryHost, type AccountModel, type EmuImage, type EmuRepository } from '../../emulator/aws/account';
import type { K8sCluster } from '../../emulator/k8s/model';
import type { PlantedReference } from './account-builder';
import { EXCHANGE_BUCKET, registryDocuments, workloadDocuments } from './estate-config';
import { REGISTRY_ID, WORKLOAD_IDS, type EstateSpec, type RegistryImageSpec, type RegistryRepositorySpec, type WorkloadReferenceSpec, type WorkloadSpec } from './estate-spec';
import { buildWorkloads } from './workloads';

export const TOPIC = 'ecr-retention';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export interface WorkloadAccount {
  readonly id: string;
  readonly spec: WorkloadSpec;
  readonly model: AccountModel;
}

export interface BuiltEstate {
  readonly spec: EstateSpec;
  readonly registry: AccountModel;
  readonly workloads: readonly WorkloadAccount[];
}

export function topicArn(model: Pick<AccountModel, 'accountId' | 'region'>): string {
  return `arn:aws:sns:${model.region}:${model.accountId}:${TOPIC}`;
}

export function buildEstate(spec: EstateSpec, now: number): BuiltEstate {
  const registry = account(REGISTRY_ID, spec.registryRegion, registryDocuments(spec));
  registry.ecr.repositories = spec.repositories.map((repository) => registryRepository(repository, now));
  // The registry owns the exchange bucket; its policy lets every account write only its own key (README).
  registry.s3 = { buckets: { [EXCHANGE_BUCKET]: {} }, owners: { [EXCHANGE_BUCKET]: REGISTRY_ID }, exchangeBuckets: { [EXCHANGE_BUCKET]: { ownKeysUnder: 'live/' } } };
  const catalogue = registry.ecr.repositories.flatMap((r) => r.images.map((image) => ({ repository: r.name, image })));
  for (const { repository, image } of lateImages(spec, now)) registry.ecr.repositories.find((r) => r.name === repository)?.images.push(image);
  const workloads = spec.workloads.map((workload, i) => {
    const id = WORKLOAD_IDS[i] as string;
    const model = account(id, workload.region, workloadDocuments());
    const references = workload.references.map((reference) => plant(registryHost(registry), reference, catalogue));
    buildWorkloads(model, NO_CLUSTER(), references);
    return { id, spec: workload, model };
  });
  return { spec, registry, workloads };
}

function account(id: string, region: string, documents: Record<string, string>): AccountModel {
  const model = emptyAccount(id, region);
  model.callerArn = `arn:aws:sts::${id}:assumed-role/ecr-retention/cleaner`;
  model.ssm.parameters = Object.entries(documents).map(([name, value]) => ({ name, value, type: 'String' as const }));
  model.sns.topics = [topicArn(model)];
  return model;
}

/** The workload accounts run no EKS (their config switches it off): the builder's cluster goes nowhere. */
const NO_CLUSTER = (): K8sCluster => ({ name: 'none', accessEntries: [], objects: {} });

function registryRepository(spec: RegistryRepositorySpec, now: number): EmuRepository {
  const used = new Set<string>();
  const images = spec.images.map((image, i) => registryImage(spec.name, image, i, now, used));
  return { name: spec.name, createdAt: now - 400 * 86_400_000, images };
}

/**
 * The images the window's late references pull, one each, in the repository it names: pushed with the rest (the
 * registry has them all along), referenced by no workload until after the exports.
 */
export function lateImages(spec: EstateSpec, now: number): { repository: string; image: EmuImage }[] {
  if (spec.fault.kind !== 'window') return [];
  return spec.fault.late.map((late, j) => {
    const repository = (spec.repositories[late.repository % spec.repositories.length] as RegistryRepositorySpec).name;
    const image = registryImage(repository, { tag: late.tagged ? 'other' : 'none', ageMs: late.ageMs }, 100 + j, now, new Set(), `late${j}`);
    return { repository, image };
  });
}

function registryImage(repository: string, spec: RegistryImageSpec, position: number, now: number, used: Set<string>, name = String(position)): EmuImage {
  // Distinct push times, so that no ranking depends on a tie-break.
  const pushedAt = now - spec.ageMs - position * 10;
  const lastPulledAt = spec.pulledAgeMs === undefined ? undefined : Math.max(pushedAt, now - spec.pulledAgeMs);
  const tag = tagOf(repository, spec.tag, position, used);
  return {
    digest: `sha256:${createHash('sha256').update(`${repository}#${name}`).digest('hex')}`,
    tags: tag ? [tag] : [], pushedAt, sizeBytes: 1000 + position, manifestMediaType: MANIFEST,
    artifactMediaType: 'application/vnd.oci.image.config.v1+json',
    ...(lastPulledAt !== undefined ? { lastPulledAt } : {}),
  };
}

/** `prd` and `latest` name one image per repository: a second one gets an unmatched build tag instead. */
function tagOf(repository: string, kind: RegistryImageSpec['tag'], position: number, used: Set<string>): string | undefined {
  if (kind === 'none') return undefined;
  const hex = createHash('sha1').update(`${repository}/${position}`).digest('hex');
  let tag = kind === 'git' ? `git-${hex.slice(0, 8)}` : kind === 'other' ? `build${position}` : kind;
  if (used.has(tag)) tag = `build${position}`;
  used.add(tag);
  return tag;
}

/** The reference string a workload carries: by tag (or by digest when the image has none), by digest, or both. */
export function plant(host: string, reference: WorkloadReferenceSpec, catalogue: readonly { repository: string; image: EmuImage }[]): PlantedReference {
  const { repository, image } = catalogue[reference.pick % catalogue.length] as { repository: string; image: EmuImage };
  const tag = image.tags[0];
  const targets = [{ repository, digest: image.digest }];
  const base = `${host}/${repository}`;
  const text = tag === undefined || reference.form === 'digest' ? `${base}@${image.digest}`
    : reference.form === 'tag' ? `${base}:${tag}` : `${base}:${tag}@${image.digest}`;
  return { spec: { placement: reference.placement, pick: reference.pick, form: reference.form }, image: text, targets };
}
