/**
 * Attachments: index members (children) and referrers (OCI `subjectManifestDigest`, or a cosign tag
 * `sha256-<hex>.sig|.att|.sbom`) hang off a parent in the same repository. A kept parent keeps its attachments;
 * a deleted parent takes the attachments nothing else keeps with it, in a later wave (ECR refuses to delete a child
 * while an index still lists it).
 */
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
   * the repository, a cosign `sha256-<hex>.sig|.att|.sbom` whose subject is in no repository of the registry (cosign
   * may keep signatures in another repository than their image), or an index member whose index the journal says a
   * run deleted. A run stopped between deleting a parent and its attachments leaves these behind; they follow it out.
   */
  goneParentOf(digest: Digest): Edge | undefined;
}

/** Whether a digest is held by any repository of the registry (for cosign signatures kept in another repository). */
export type RegistryLookup = (digest: Digest) => boolean;

const NONE: readonly Edge[] = Object.freeze([]);

/** Index members the journal remembers: member digest → the indexes a deleting run removed or was about to. */
export type FormerParents = ReadonlyMap<Digest, readonly Digest[]>;

export function buildAttachmentGraph(images: readonly ImageRecord[], inRegistry: RegistryLookup = () => true, formerParents: FormerParents = new Map()): AttachmentGraph {
  const present = new Set(images.map((image) => image.digest));
  const parents = new Map<Digest, Edge[]>();
  const children = new Map<Digest, Edge[]>();
  const orphans = new Map<Digest, Edge>();
  const link = (parent: Digest, child: Digest, relation: Relation, anywhere: boolean) => {
    if (!present.has(parent) && !(anywhere && inRegistry(parent))) orphans.set(child, { digest: parent, relation });
    if (!present.has(parent) || !present.has(child) || parent === child) return;
    push(parents, child, { digest: parent, relation });
    push(children, parent, { digest: child, relation });
  };
  for (const image of images) {
    for (const child of image.childDigests) link(image.digest, child, 'child', false);
    if (image.subjectDigest) link(image.subjectDigest, image.digest, 'referrer', false);
    for (const tag of image.tags) {
      const subject = COSIGN_TAG.exec(tag)?.[1];
      if (subject) link(`sha256:${subject}`, image.digest, 'referrer', true);
    }
  }
  // Only a parent that is gone counts: while the index is there, its own manifest says what it lists.
  for (const [child, formers] of formerParents) {
    const gone = formers.find((parent) => !present.has(parent));
    if (gone !== undefined && present.has(child)) orphans.set(child, { digest: gone, relation: 'child' });
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
