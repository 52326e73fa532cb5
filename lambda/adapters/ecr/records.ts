/** ECR wire shapes → the domain model: ImageDetail → ImageRecord, an index manifest → its children's digests. */
import type { ImageDetail } from '@aws-sdk/client-ecr';
import type { Digest, ImageRecord, ImageStatus } from '../../core/model';
import { IMAGE_INDEX_MEDIA_TYPES } from './media-types';

const STATUSES: readonly ImageStatus[] = ['ACTIVE', 'ARCHIVED', 'ACTIVATING'];

/**
 * `pushedAt` falls back to `listedAt` (the time of listing): an image whose push time is unknown counts as just
 * pushed, so the grace period protects it rather than exposing it.
 */
export function toImageRecord(repository: string, detail: ImageDetail, childDigests: readonly Digest[], listedAt: number): ImageRecord {
  return {
    repository,
    digest: detail.imageDigest ?? '',
    tags: detail.imageTags ?? [],
    pushedAt: detail.imagePushedAt?.getTime() ?? listedAt,
    ...(detail.lastRecordedPullTime ? { lastPulledAt: detail.lastRecordedPullTime.getTime() } : {}),
    sizeBytes: isIndex(detail, childDigests) ? 0 : detail.imageSizeInBytes ?? 0,
    ...(detail.imageManifestMediaType ? { manifestMediaType: detail.imageManifestMediaType } : {}),
    ...(detail.artifactMediaType ? { artifactMediaType: detail.artifactMediaType } : {}),
    childDigests,
    ...(detail.subjectManifestDigest ? { subjectDigest: detail.subjectManifestDigest } : {}),
    status: STATUSES.find((status) => status === detail.imageStatus) ?? 'ACTIVE',
  };
}

/**
 * An index holds no layers of its own: ECR reports its imageSizeInBytes as "the max size of all manifests in the
 * list" (ImageDetail, ECR API reference), bytes its members carry. Recording it as 0 keeps every byte count (plan,
 * deletions, report) from counting a member's layers twice.
 */
function isIndex(detail: ImageDetail, childDigests: readonly Digest[]): boolean {
  return childDigests.length > 0 || IMAGE_INDEX_MEDIA_TYPES.includes(detail.imageManifestMediaType ?? '');
}

/**
 * One entry per digest. A listing that races a push can show a digest twice; its tags are merged, so every tag
 * that pointed at it during the listing is seen (more tags can only mean more protection).
 */
export function mergeByDigest(details: readonly ImageDetail[]): ImageDetail[] {
  const byDigest = new Map<string, ImageDetail>();
  for (const detail of details) {
    const key = detail.imageDigest ?? '';
    const seen = byDigest.get(key);
    const tags = [...new Set([...(seen?.imageTags ?? []), ...(detail.imageTags ?? [])])];
    byDigest.set(key, { ...(seen ?? {}), ...detail, imageTags: tags });
  }
  return [...byDigest.values()];
}

/** `manifests[].digest` of an index; [] for a plain manifest. Throws on a document that is not a manifest. */
export function childDigestsOf(manifest: string): Digest[] {
  const document = JSON.parse(manifest) as { manifests?: unknown };
  if (typeof document !== 'object' || document === null) throw new Error('manifest is not a JSON object');
  if (document.manifests === undefined) return [];
  if (!Array.isArray(document.manifests)) throw new Error('manifests is not a list');
  return document.manifests.map((entry: { digest?: unknown }) => {
    if (typeof entry?.digest !== 'string') throw new Error('a manifests[] entry has no digest');
    return entry.digest;
  });
}
