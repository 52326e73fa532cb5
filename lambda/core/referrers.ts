/**
 * How a referrer names its subject: OCI `subjectManifestDigest`, or a cosign tag `sha256-<hex>.sig|.att|.sbom`
 * (cosign's tag scheme, which predates OCI referrers and is what ECR holds for most signatures today).
 */
import type { Digest, ImageRecord } from './model';
import type { Relation } from './reasons';

const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(?:sig|att|sbom)$/;

/** The subject a cosign tag `sha256-<hex>.sig|.att|.sbom` names, if the tag is one. */
export function cosignSubjectOf(tag: string): Digest | undefined {
  if (!tag.startsWith('sha256-')) return undefined;
  const hex = COSIGN_TAG.exec(tag)?.[1];
  return hex === undefined ? undefined : `sha256:${hex}`;
}

/** How `image` hangs off `parent`: a referrer when it names it as subject (OCI or cosign tag), else an index member. */
export function relationTo(image: ImageRecord, parent: Digest): Relation {
  if (image.subjectDigest === parent) return 'referrer';
  return image.tags.some((tag) => cosignSubjectOf(tag) === parent) ? 'referrer' : 'child';
}
