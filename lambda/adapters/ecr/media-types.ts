/** The manifest media types ECR stores, and which of them are indexes (multi-arch lists with children). */
export const IMAGE_INDEX_MEDIA_TYPES: readonly string[] = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];

/** Accepted by BatchGetImage: all four, so ECR returns an index as stored rather than converting it. */
export const ACCEPTED_MANIFEST_MEDIA_TYPES: string[] = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];

/**
 * Whether a digest's children must be read. An unknown media type is read too: an index whose type ECR did not
 * report would otherwise lose the protection of its children.
 */
export function mayHaveChildren(manifestMediaType: string | undefined): boolean {
  return manifestMediaType === undefined || IMAGE_INDEX_MEDIA_TYPES.includes(manifestMediaType);
}
