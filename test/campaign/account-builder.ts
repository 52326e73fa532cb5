/**
 * Builds a campaign account from its spec: the ECR repositories, and the ECS, EKS, Lambda and Batch objects that hold
 * the planted references. Every planted reference records the digests it means (its targets), resolved here from
 * the images the builder made, never by the product: the oracle's "live" set.
 */
import { createHash } from 'node:crypto';
import { emptyAccount, type AccountModel, type EmuImage } from '../../emulator/aws/account';
import type { K8sCluster } from '../../emulator/k8s/model';
import type { AccountSpec, ArtifactSpec, ReferenceSpec, TagKind } from './account-spec';
import { buildWorkloads } from './workloads';

export const ACCOUNT_ID = '111122223333';
export const REGION = 'eu-west-1';
const REGISTRY = `${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com`;
export const CLUSTER = 'k1';
export const CAMPAIGN_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/ecr-retention`;
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';

export interface ImageKey {
  readonly repository: string;
  readonly digest: string;
}

export interface PlantedReference {
  readonly spec: ReferenceSpec;
  /** The reference string as the workload carries it. */
  readonly image: string;
  /** The digests it pins or whose tag it names; empty for a missing image. */
  readonly targets: readonly ImageKey[];
}

export interface CampaignAccount {
  readonly spec: AccountSpec;
  /** ECR, ECS, Lambda, Batch; EKS clusters and SSM documents are added by the world that serves it. */
  readonly aws: AccountModel;
  readonly cluster: K8sCluster;
  readonly references: readonly PlantedReference[];
}

/** Unique tags per repository: one counter numbers every tag; a fixed tag (latest, prd) is given at most once. */
class TagMaker {
  private counter = 0;
  private readonly used = new Set<string>();

  next(kind: TagKind): string | undefined {
    const n = ++this.counter;
    const hex = createHash('sha1').update(`tag${n}`).digest('hex');
    const tag = kind === 'git' ? `git-${hex.slice(0, 8)}`
      : kind === 'rel' ? `rel-${n % 3}-${n}`
        : kind === 'pr' ? `pr-${['login', 'cart'][n % 2]}-${hex.slice(0, 7)}`
          : kind === 'v' ? `v${n}` : kind === 'other' ? `build${n}` : kind;
    if (this.used.has(tag)) return undefined;
    this.used.add(tag);
    return tag;
  }
}

function digestOf(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

function artifactImages(repository: string, artifact: ArtifactSpec, position: number, now: number, tags: TagMaker): EmuImage[] {
  // Distinct push times, so that no ranking in the product or the oracle depends on a tie-break.
  const pushedAt = now - artifact.ageMs - position * 10;
  const seed = `${repository}#${position}`;
  const base = { pushedAt, sizeBytes: 1000 + position, manifestMediaType: MANIFEST, artifactMediaType: 'application/vnd.oci.image.config.v1+json' };
  const lastPulledAt = artifact.pulledAgeMs === undefined ? undefined : Math.max(pushedAt, now - artifact.pulledAgeMs);
  const children: EmuImage[] = artifact.index
    ? [0, 1].map((c) => ({ ...base, digest: digestOf(`${seed}/child${c}`), tags: [], pushedAt: pushedAt - 1 - c }))
    : [];
  const main: EmuImage = {
    ...base,
    digest: digestOf(seed),
    tags: artifact.tags.map((kind) => tags.next(kind)).filter((tag): tag is string => tag !== undefined),
    ...(lastPulledAt !== undefined ? { lastPulledAt } : {}),
    ...(artifact.archived ? { status: 'ARCHIVED' as const } : {}),
    ...(artifact.index ? { manifestMediaType: INDEX, artifactMediaType: undefined, childDigests: children.map((c) => c.digest) } : {}),
  };
  const attachments: EmuImage[] = [];
  if (artifact.attachment === 'cosign') {
    attachments.push({ ...base, digest: digestOf(`${seed}/sig`), tags: [`sha256-${main.digest.slice(7)}.sig`], pushedAt: pushedAt + 3, artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' });
  } else if (artifact.attachment === 'referrer') {
    attachments.push({ ...base, digest: digestOf(`${seed}/sbom`), tags: [], pushedAt: pushedAt + 3, subjectDigest: main.digest, artifactMediaType: 'application/spdx+json' });
  }
  return [main, ...children, ...attachments];
}

export function buildCampaignAccount(spec: AccountSpec, now: number): CampaignAccount {
  const aws = emptyAccount(ACCOUNT_ID, REGION);
  aws.callerArn = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ecr-retention/campaign`;
  aws.ecr.repositories = spec.repositories.map((repository) => {
    const tags = new TagMaker();
    return { name: repository.name, createdAt: now - 400 * 86_400_000, images: repository.artifacts.flatMap((a, i) => artifactImages(repository.name, a, i, now, tags)) };
  });
  const catalogue = aws.ecr.repositories.flatMap((r) => r.images.map((image) => ({ repository: r.name, image })));
  const references = spec.references.map((reference, i) => plant(reference, i, catalogue));
  const cluster: K8sCluster = { name: CLUSTER, accessEntries: [CAMPAIGN_ROLE_ARN], objects: { pods: [], cronjobs: [], replicasets: [] } };
  buildWorkloads(aws, cluster, references);
  return { spec, aws, cluster, references };
}

/** The reference string for a spec, and the digests it means. */
function plant(reference: ReferenceSpec, index: number, catalogue: readonly { repository: string; image: EmuImage }[]): PlantedReference {
  const picked = catalogue[reference.pick % Math.max(1, catalogue.length)];
  if (!picked || reference.form === 'missing') {
    const repository = picked?.repository ?? 'app/gone';
    return { spec: reference, image: `${REGISTRY}/${repository}:gone-${index}`, targets: [] };
  }
  const { repository, image } = picked;
  const tag = image.tags[0];
  const target = { repository, digest: image.digest };
  if (reference.form === 'digest' || tag === undefined) return { spec: reference, image: `${REGISTRY}/${repository}@${image.digest}`, targets: [target] };
  if (reference.form === 'tag') return { spec: reference, image: `${REGISTRY}/${repository}:${tag}`, targets: [target] };
  return { spec: reference, image: `${REGISTRY}/${repository}:${tag}@${image.digest}`, targets: [target] };
}
