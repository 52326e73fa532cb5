/**
 * Shared pieces of the emulated ECR: repository lookup, image-id resolution, request limits and the wire shapes
 * (ImageDetail, manifests). Timestamps leave as epoch seconds, which is how the JSON 1.1 protocol sends them.
 */
import { createHash } from 'node:crypto';
import type { AccountModel, EmuImage, EmuRepository } from '../account';
import { AwsEmulatorError } from '../service';

export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface WireImageId {
  readonly imageDigest?: string;
  readonly imageTag?: string;
}

export type Resolution = { readonly image: EmuImage } | { readonly failureCode: string; readonly failureReason: string };

export function findRepository(account: AccountModel, name: unknown, registryId?: unknown): EmuRepository {
  const ownRegistry = registryId === undefined || registryId === account.accountId;
  const repository = ownRegistry ? account.ecr.repositories.find((r) => r.name === name) : undefined;
  if (!repository) {
    throw new AwsEmulatorError('RepositoryNotFoundException',
      `The repository with name '${String(name)}' does not exist in the registry with id '${String(registryId ?? account.accountId)}'`);
  }
  return repository;
}

/** ECR answers constraint violations with InvalidParameterException and the Smithy validation wording. */
export function checkRange(field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
}

export function checkList<T>(field: string, value: unknown, min: number, max: number): T[] {
  if (!Array.isArray(value)) throw invalid(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (value.length < min) throw invalid(`Value at '${field}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw invalid(`Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  return value as T[];
}

export function invalid(detail: string): AwsEmulatorError {
  return new AwsEmulatorError('InvalidParameterException', `1 validation error detected: ${detail}`);
}

/** A repository's images by digest and by tag, built once per call so that large repositories stay cheap. */
export class ImageLookup {
  private readonly digests = new Map<string, EmuImage>();
  private readonly tags = new Map<string, EmuImage>();

  constructor(images: readonly EmuImage[]) {
    for (const image of images) {
      this.digests.set(image.digest, image);
      for (const tag of image.tags) this.tags.set(tag, image);
    }
  }

  byDigest(digest: string): EmuImage | undefined {
    return this.digests.get(digest);
  }

  byTag(tag: string): EmuImage | undefined {
    return this.tags.get(tag);
  }

  /** Keeps the lookup in step with a deletion made during the same call. */
  forget(image: EmuImage, tag?: string): void {
    for (const t of tag === undefined ? image.tags : [tag]) this.tags.delete(t);
    if (tag === undefined) this.digests.delete(image.digest);
  }
}

/** Resolves one `{imageDigest?, imageTag?}` against the repository as it is now, as the batch APIs do per item. */
export function resolveImageId(lookup: ImageLookup, id: WireImageId): Resolution {
  const { imageDigest, imageTag } = id ?? {};
  if (!imageDigest && !imageTag) return { failureCode: 'MissingDigestAndTag', failureReason: 'Invalid request parameters: both tag and digest cannot be null' };
  if (imageDigest && !DIGEST.test(imageDigest)) return { failureCode: 'InvalidImageDigest', failureReason: 'Invalid request parameters: image digest should satisfy the regex' };
  const image = imageDigest ? lookup.byDigest(imageDigest) : lookup.byTag(imageTag ?? '');
  if (!image) return { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
  if (imageTag && !image.tags.includes(imageTag)) {
    return { failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid request parameters: given tag does not map to the given digest' };
  }
  return { image };
}

export function imageStatusOf(image: EmuImage): 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING' {
  return image.status ?? 'ACTIVE';
}

export function isIndex(image: EmuImage): boolean {
  return INDEX_MEDIA_TYPES.has(image.manifestMediaType);
}

/**
 * ImageDetail.imageSizeInBytes (ECR API reference, DescribeImages): for a manifest list it is "the max size of all
 * manifests in the list": the largest of its members, not a size of its own.
 */
function sizeInBytes(repository: EmuRepository, image: EmuImage): number {
  if (!isIndex(image) || !image.childDigests?.length) return image.sizeBytes;
  const members = repository.images.filter((candidate) => image.childDigests?.includes(candidate.digest));
  return members.length > 0 ? Math.max(...members.map((member) => member.sizeBytes)) : image.sizeBytes;
}

export function imageDetail(account: AccountModel, repository: EmuRepository, image: EmuImage): Record<string, unknown> {
  return {
    registryId: account.accountId,
    repositoryName: repository.name,
    imageDigest: image.digest,
    ...(image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
    imageSizeInBytes: sizeInBytes(repository, image),
    imagePushedAt: image.pushedAt / 1000,
    ...(image.lastPulledAt !== undefined ? { lastRecordedPullTime: image.lastPulledAt / 1000 } : {}),
    imageManifestMediaType: image.manifestMediaType,
    ...(image.artifactMediaType ? { artifactMediaType: image.artifactMediaType } : {}),
    ...(image.subjectDigest ? { subjectManifestDigest: image.subjectDigest } : {}),
    imageStatus: imageStatusOf(image),
    ...(image.lastArchivedAt !== undefined ? { lastArchivedAt: image.lastArchivedAt / 1000 } : {}),
  };
}

const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' },
  { architecture: 'arm', os: 'linux', variant: 'v7' },
  { architecture: 's390x', os: 'linux' },
];

/** The manifest document BatchGetImage returns: an index lists its children, a manifest names config and subject. */
export function manifestOf(lookup: ImageLookup, image: EmuImage): string {
  if (isIndex(image)) {
    const dockerList = image.manifestMediaType.includes('docker');
    const manifests = (image.childDigests ?? []).map((digest, i) => {
      const child = lookup.byDigest(digest);
      const artifactType = image.childArtifactTypes?.[digest];
      const mediaType = child?.manifestMediaType
        ?? (dockerList ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json');
      const platform = artifactType ? { architecture: 'unknown', os: 'unknown' } : PLATFORMS[i % PLATFORMS.length];
      return { mediaType, digest, size: child?.sizeBytes ?? 0, platform, ...(artifactType ? { artifactType } : {}) };
    });
    return JSON.stringify({ schemaVersion: 2, mediaType: image.manifestMediaType, manifests });
  }
  const subject = image.subjectDigest ? lookup.byDigest(image.subjectDigest) : undefined;
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: image.manifestMediaType,
    config: { mediaType: image.artifactMediaType ?? 'application/vnd.oci.image.config.v1+json', digest: derivedDigest(image.digest, 'config'), size: 0 },
    layers: [],
    ...(image.subjectDigest
      ? { subject: { mediaType: subject?.manifestMediaType ?? 'application/vnd.oci.image.manifest.v1+json', digest: image.subjectDigest, size: subject?.sizeBytes ?? 0 } }
      : {}),
  });
}

function derivedDigest(digest: string, salt: string): string {
  return `sha256:${createHash('sha256').update(`${salt}:${digest}`).digest('hex')}`;
}
