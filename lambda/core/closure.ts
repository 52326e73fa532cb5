/**
 * Attachments: index members (children) and referrers (OCI `subjectManifestDigest`, or a cosign tag
 * `sha256-<hex>.sig|.att|.sbom`) hang off a parent in the same repository. A kept parent keeps its attachments;
 * a deleted parent takes the attachments nothing else keeps with it, in a later wave (ECR refuses to delete a child
 * while an index still lists it).
 */
import { push } from './arrays';
import type { Digest, ImageRecord } from './model';
import type { Reason, Relation } from './reasons';

const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(?:sig|att|sbom)$/;

export interface Edge {
  readonly digest: Digest;
  readonly relation: Relation;
}

export interface AttachmentGraph {
  /** The parents of an attachment that exist in the repository; empty for a standalone image. */
  parentsOf(digest: Digest): readonly Edge[];
  childrenOf(digest: Digest): readonly Edge[];
  /**
   * The parent an attachment had when that parent is gone: an OCI referrer whose `subjectManifestDigest` is not in
   * the repository, or an index member or cosign `sha256-<hex>.sig|.att|.sbom` whose parent the journal says a run
   * deleted (and, for a cosign subject, that no repository of the registry holds). A run stopped between deleting a
   * parent and its attachments leaves these behind; they follow it out.
   */
  goneParentOf(digest: Digest): Edge | undefined;
}

/** Whether a digest is held by any repository of the registry (for cosign signatures kept in another repository). */
export type RegistryLookup = (digest: Digest) => boolean;

const NONE: readonly Edge[] = Object.freeze([]);

/** Attachments the journal remembers: attachment digest → the parents a deleting run removed or was about to. */
export type FormerParents = ReadonlyMap<Digest, readonly Digest[]>;

/** How `image` hangs off `parent`: a referrer when it names it as subject (OCI or cosign tag), else an index member. */
export function relationTo(image: ImageRecord, parent: Digest): Relation {
  if (image.subjectDigest === parent) return 'referrer';
  return image.tags.some((tag) => COSIGN_TAG.exec(tag)?.[1] === parent.slice('sha256:'.length)) ? 'referrer' : 'child';
}

/** The subject a cosign tag `sha256-<hex>.sig|.att|.sbom` names, if the tag is one. */
export function cosignSubjectOf(tag: string): Digest | undefined {
  const hex = COSIGN_TAG.exec(tag)?.[1];
  return hex === undefined ? undefined : `sha256:${hex}`;
}

export function buildAttachmentGraph(images: readonly ImageRecord[], inRegistry: RegistryLookup, formerParents: FormerParents): AttachmentGraph {
  const present = new Map(images.map((image) => [image.digest, image]));
  const parents = new Map<Digest, Edge[]>();
  const children = new Map<Digest, Edge[]>();
  const orphans = new Map<Digest, Edge>();
  // Absence alone makes an orphan only of an OCI referrer, which the spec keeps in its subject's repository. A cosign
  // signature may sign an image of another account, region or registry: it follows its subject out only when the
  // journal says this tool deleted that subject.
  const link = (parent: Digest, child: Digest, relation: Relation, orphanWhenAbsent: boolean) => {
    if (orphanWhenAbsent && !present.has(parent)) orphans.set(child, { digest: parent, relation });
    if (!present.has(parent) || !present.has(child) || parent === child) return;
    push(parents, child, { digest: parent, relation });
    push(children, parent, { digest: child, relation });
  };
  for (const image of images) {
    for (const child of image.childDigests) link(image.digest, child, 'child', false);
    if (image.subjectDigest) link(image.subjectDigest, image.digest, 'referrer', true);
    for (const tag of image.tags) {
      const subject = cosignSubjectOf(tag);
      if (subject) link(subject, image.digest, 'referrer', false);
    }
  }
  // Only a parent that is gone counts: while it is there, its own manifest (or its tag) says what hangs off it. A
  // cosign subject counts as gone only once no repository of the registry holds it.
  for (const [digest, formers] of formerParents) {
    const image = present.get(digest);
    if (!image) continue;
    for (const parent of formers) {
      const relation = relationTo(image, parent);
      if (!present.has(parent) && (relation === 'child' || !inRegistry(parent))) orphans.set(digest, { digest: parent, relation });
    }
  }
  // An attachment with a parent still present is no orphan, whatever else it names.
  for (const digest of parents.keys()) orphans.delete(digest);
  return {
    parentsOf: (digest) => parents.get(digest) ?? NONE,
    childrenOf: (digest) => children.get(digest) ?? NONE,
    goneParentOf: (digest) => orphans.get(digest),
  };
}

/**
 * Extends `kept` (in place) down the attachment graph and returns the closure reasons: every attachment of a kept
 * digest gets one, whether or not it was already kept for reasons of its own.
 */
export function keepClosure(kept: Set<Digest>, graph: AttachmentGraph): Map<Digest, Reason[]> {
  const reasons = new Map<Digest, Reason[]>();
  const queue = [...kept];
  const visited = new Set<Digest>();
  while (queue.length > 0) {
    const parent = queue.pop() as Digest;
    if (visited.has(parent)) continue;
    visited.add(parent);
    for (const edge of graph.childrenOf(parent)) {
      push(reasons, edge.digest, { code: 'closure', verdict: 'keep', relation: edge.relation, parent });
      kept.add(edge.digest);
      queue.push(edge.digest);
    }
  }
  return reasons;
}

/** Wave of each deleted digest: 0 without a deleted parent, else one more than its latest deleted parent. */
export function deletionWaves(deleted: ReadonlySet<Digest>, graph: AttachmentGraph): Map<Digest, number> {
  const waves = new Map<Digest, number>();
  const inProgress = new Set<Digest>();
  const waveOf = (digest: Digest): number => {
    const known = waves.get(digest);
    if (known !== undefined) return known;
    if (inProgress.has(digest)) return 0; // a cycle cannot happen with content addressing; never loop on bad data
    inProgress.add(digest);
    let wave = 0;
    for (const parent of graph.parentsOf(digest)) {
      if (deleted.has(parent.digest)) wave = Math.max(wave, waveOf(parent.digest) + 1);
    }
    inProgress.delete(digest);
    waves.set(digest, wave);
    return wave;
  };
  for (const digest of deleted) waveOf(digest);
  return waves;
}
