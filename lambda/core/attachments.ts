/**
 * The one attachment model, registry-wide. An attachment hangs off a parent: an index member (child) off the index
 * that lists it, in the same repository (ECR keeps an index and its manifests together); a referrer off its subject,
 * named by OCI `subjectManifestDigest` or by a cosign tag `sha256-<hex>.sig|.att|.sbom`, in **any** repository of the
 * registry (cosign's COSIGN_REPOSITORY keeps signatures apart from their images; a promoted digest is held by several
 * repositories). A kept parent keeps its attachments; a deleted parent takes along those nothing else keeps, in a
 * later wave (ECR refuses to delete a child while an index still lists it). The planner keeps, expires and orders by
 * this graph, and the deletion journal is derived from it: there is no second notion of "attached".
 */
import { push } from './arrays';
import type { Digest, ImageRecord, JournalEntry } from './model';
import { compareText } from './order';
import type { Reason, Relation } from './reasons';
import type { RegistryIndex } from './registry';

const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(?:sig|att|sbom)$/;

export interface Edge {
  readonly image: ImageRecord;
  readonly relation: Relation;
}

/** A parent that is gone, and how the attachment hung off it. */
export interface GoneParent {
  readonly digest: Digest;
  readonly relation: Relation;
}

export interface AttachmentGraph {
  /** The parents of an attachment that exist in the registry; empty for a standalone image. */
  parentsOf(image: ImageRecord): readonly Edge[];
  /** Its children and referrers, wherever they are. */
  attachmentsOf(image: ImageRecord): readonly Edge[];
  /**
   * The parent an attachment had when that parent is gone: an OCI referrer whose subject no repository holds, or any
   * attachment whose parent the journal says a run deleted. Only an attachment with no parent left has one.
   */
  goneParentOf(image: ImageRecord): GoneParent | undefined;
}

/** The subject a cosign tag `sha256-<hex>.sig|.att|.sbom` names, if the tag is one. */
export function cosignSubjectOf(tag: string): Digest | undefined {
  const hex = COSIGN_TAG.exec(tag)?.[1];
  return hex === undefined ? undefined : `sha256:${hex}`;
}

/** How `image` hangs off `parent`: a referrer when it names it as subject (OCI or cosign tag), else an index member. */
export function relationTo(image: ImageRecord, parent: Digest): Relation {
  if (image.subjectDigest === parent) return 'referrer';
  return image.tags.some((tag) => cosignSubjectOf(tag) === parent) ? 'referrer' : 'child';
}

/**
 * Whether the parent a journal entry names is gone: an index from the member's repository (where it would have to
 * be), a subject from the whole registry (where any copy of it keeps its referrers).
 */
export function journalParentGone(entry: JournalEntry, attachment: ImageRecord, index: RegistryIndex): boolean {
  return relationTo(attachment, entry.parent) === 'child'
    ? index.imageIn(entry.repository, entry.parent) === undefined
    : index.holdersOf(entry.parent).length === 0;
}

export function buildAttachmentGraph(index: RegistryIndex, journal: readonly JournalEntry[]): AttachmentGraph {
  const parents = new Map<ImageRecord, Edge[]>();
  const attachments = new Map<ImageRecord, Edge[]>();
  const orphans = new Map<ImageRecord, GoneParent>();
  const link = (parent: ImageRecord, attachment: ImageRecord, relation: Relation) => {
    if (parent === attachment || parents.get(attachment)?.some((edge) => edge.image === parent && edge.relation === relation)) return;
    push(parents, attachment, { image: parent, relation });
    push(attachments, parent, { image: attachment, relation });
  };
  for (const image of index.images) {
    for (const child of image.childDigests) {
      const member = index.imageIn(image.repository, child);
      if (member) link(image, member, 'child');
    }
    if (image.subjectDigest !== undefined) {
      const subjects = index.holdersOf(image.subjectDigest);
      // Absence alone makes an orphan only of an OCI referrer: the spec keeps it with its subject. A cosign signature
      // may sign an image of another account, region or registry: only the journal can make it one.
      if (subjects.length === 0) orphans.set(image, { digest: image.subjectDigest, relation: 'referrer' });
      for (const subject of subjects) link(subject, image, 'referrer');
    }
    for (const tag of image.tags) {
      const subject = cosignSubjectOf(tag);
      if (subject !== undefined) for (const holder of index.holdersOf(subject)) link(holder, image, 'referrer');
    }
  }
  for (const entry of journal) {
    const attachment = index.imageIn(entry.repository, entry.digest);
    if (attachment && journalParentGone(entry, attachment, index)) orphans.set(attachment, { digest: entry.parent, relation: relationTo(attachment, entry.parent) });
  }
  // An attachment with a parent still present is no orphan, whatever else it names.
  for (const attachment of parents.keys()) orphans.delete(attachment);
  // Edges in (repository, digest) order, so that reasons never depend on the order the inventory was listed in.
  for (const edges of parents.values()) edges.sort(byImage);
  for (const edges of attachments.values()) edges.sort(byImage);
  return {
    parentsOf: (image) => parents.get(image) ?? NO_EDGES,
    attachmentsOf: (image) => attachments.get(image) ?? NO_EDGES,
    goneParentOf: (image) => orphans.get(image),
  };
}

const NO_EDGES: readonly Edge[] = Object.freeze([]);

function byImage(a: Edge, b: Edge): number {
  return compareText(a.image.repository, b.image.repository) || compareText(a.image.digest, b.image.digest) || compareText(a.relation, b.relation);
}

/**
 * Extends `kept` (in place) down the graph and returns the closure reasons: every attachment of a kept image gets one,
 * whether or not it was already kept for reasons of its own.
 */
export function keepClosure(kept: Set<ImageRecord>, graph: AttachmentGraph): Map<ImageRecord, Reason[]> {
  const reasons = new Map<ImageRecord, Reason[]>();
  const queue = [...kept];
  const visited = new Set<ImageRecord>();
  while (queue.length > 0) {
    const parent = queue.pop() as ImageRecord;
    if (visited.has(parent)) continue;
    visited.add(parent);
    for (const edge of graph.attachmentsOf(parent)) {
      push(reasons, edge.image, closureReason('keep', edge.image, { image: parent, relation: edge.relation }));
      kept.add(edge.image);
      queue.push(edge.image);
    }
  }
  return reasons;
}

/** `parentRepository` only when the parent lives elsewhere: the usual case reads as before. */
export function closureReason(verdict: 'keep' | 'expire', attachment: ImageRecord, parent: Edge): Reason {
  const elsewhere = parent.image.repository !== attachment.repository ? { parentRepository: parent.image.repository } : {};
  return { code: 'closure', verdict, relation: parent.relation, parent: parent.image.digest, ...elsewhere };
}

/** Wave of each deleted image: 0 without a deleted parent, else one more than its latest deleted parent. */
export function deletionWaves(deleted: ReadonlySet<ImageRecord>, graph: AttachmentGraph): Map<ImageRecord, number> {
  const waves = new Map<ImageRecord, number>();
  const inProgress = new Set<ImageRecord>();
  const waveOf = (image: ImageRecord): number => {
    const known = waves.get(image);
    if (known !== undefined) return known;
    if (inProgress.has(image)) return 0; // a cycle cannot happen with content addressing; never loop on bad data
    inProgress.add(image);
    let wave = 0;
    for (const parent of graph.parentsOf(image)) {
      if (deleted.has(parent.image)) wave = Math.max(wave, waveOf(parent.image) + 1);
    }
    inProgress.delete(image);
    waves.set(image, wave);
    return wave;
  };
  for (const image of deleted) waveOf(image);
  return waves;
}
