/**
 * The one attachment model, registry-wide. An attachment hangs off a parent: an index member (child) off the index
 * that lists it, in the same repository (ECR keeps an index and its manifests together); a referrer off its subject,
 * named by OCI `subjectManifestDigest` or by a cosign tag `sha256-<hex>.sig|.att|.sbom`, in **any** repository of the
 * registry (cosign's COSIGN_REPOSITORY keeps signatures apart from their images; a promoted digest is held by several
 * repositories). A kept parent keeps its attachments; a deleted parent takes along those nothing else keeps, in a
 * later wave (ECR refuses to delete a child while an index still lists it). The planner keeps, expires and orders by
 * this graph, and the deletion journal is derived from it: there is no second notion of "attached".
 *
 * Images are nodes by position (an integer id), so that a million of them cost arrays, not object-keyed maps.
 */
import { filledArray } from './arrays';
import type { RegistryLayout, RepositorySlice } from './layout';
import type { Digest, ImageRecord, JournalEntry } from './model';
import { compareText } from './order';
import type { Relation } from './reasons';
import { cosignSubjectOf, relationTo } from './referrers';
import { lookupWanted, type NodeLookup } from './registry';

export interface Edge {
  readonly id: number;
  readonly relation: Relation;
}

/** A parent that is gone, and how the attachment hung off it. */
export interface GoneParent {
  readonly digest: Digest;
  readonly relation: Relation;
}

export interface AttachmentGraph {
  readonly nodes: readonly ImageRecord[];
  /** The ids of every image that has an attachment, ascending: the only ones closure has to start from. */
  readonly parentIds: readonly number[];
  /** The parents of an attachment that exist in the registry, in (repository, digest) order; empty for a standalone image. */
  parentsOf(id: number): readonly Edge[];
  /** Its children and referrers, wherever they are. */
  attachmentsOf(id: number): readonly Edge[];
  /**
   * The parent an attachment had when that parent is gone: an OCI referrer whose subject no repository holds, or any
   * attachment whose parent the journal says a run deleted. Only an attachment with no parent left has one.
   */
  goneParentOf(id: number): GoneParent | undefined;
}

/**
 * Whether the parent a journal entry names is gone: an index from the member's repository (where it would have to
 * be), a subject from the whole registry (where any copy of it keeps its referrers).
 */
export function journalParentGone(entry: JournalEntry, attachment: ImageRecord, lookup: NodeLookup): boolean {
  return relationTo(attachment, entry.parent) === 'child'
    ? lookup.idIn(entry.repository, entry.parent) === undefined
    : lookup.holdersOf(entry.parent).length === 0;
}

/** The position of `digest` in a repository's digest-ordered range (index members live in their index's repository). */
function findInRange(digests: readonly Digest[], range: RepositorySlice, digest: Digest): number | undefined {
  let low = range.start;
  let high = range.end - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = digests[middle] as Digest;
    if (found === digest) return middle;
    if (found < digest) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

export function buildAttachmentGraph(layout: RegistryLayout, journal: readonly JournalEntry[]): AttachmentGraph {
  const { nodes, digests, naming, repositories: ranges } = layout;
  const wanted = new Set(layout.subjects);
  for (const entry of journal) wanted.add(entry.digest).add(entry.parent);
  const lookup = lookupWanted(nodes, wanted, digests, layout.buckets);
  const parents = filledArray<Edge[] | undefined>(nodes.length, undefined);
  const attachments = filledArray<Edge[] | undefined>(nodes.length, undefined);
  const orphans = new Map<number, GoneParent>();
  const linkedParents: number[] = [];
  const linkedAttachments: number[] = [];
  const link = (parent: number, attachment: number, relation: Relation) => {
    const existing = parents[attachment];
    if (parent === attachment || existing?.some((edge) => edge.id === parent && edge.relation === relation)) return;
    if (!existing) linkedAttachments.push(attachment);
    if (!attachments[parent]) linkedParents.push(parent);
    (parents[attachment] ??= []).push({ id: parent, relation });
    (attachments[parent] ??= []).push({ id: attachment, relation });
  };
  let range = 0;
  for (const id of naming) {
    while ((ranges[range] as RepositorySlice).end <= id) range++;
    const image = nodes[id] as ImageRecord;
    for (const child of image.childDigests) {
      const member = findInRange(digests, ranges[range] as RepositorySlice, child);
      if (member !== undefined) link(id, member, 'child');
    }
    if (image.subjectDigest !== undefined) {
      const held = lookup.holdersOf(image.subjectDigest);
      // Absence alone makes an orphan only of an OCI referrer: the spec keeps it with its subject. A cosign signature
      // may sign an image of another account, region or registry: only the journal can make it one.
      if (held.length === 0) orphans.set(id, { digest: image.subjectDigest, relation: 'referrer' });
      for (const subject of held) link(subject, id, 'referrer');
    }
    for (const tag of image.tags) {
      const subject = cosignSubjectOf(tag);
      if (subject !== undefined) for (const holder of lookup.holdersOf(subject)) link(holder, id, 'referrer');
    }
  }
  for (const entry of journal) {
    const id = lookup.idIn(entry.repository, entry.digest);
    const attachment = id === undefined ? undefined : nodes[id];
    if (id !== undefined && attachment && journalParentGone(entry, attachment, lookup)) orphans.set(id, { digest: entry.parent, relation: relationTo(attachment, entry.parent) });
  }
  // Edges in (repository, digest) order, so that reasons never depend on the order the inventory was listed in.
  const byNode = (a: Edge, b: Edge) => compareNodes(nodes, a, b);
  for (const id of orphans.keys()) if (parents[id]) orphans.delete(id); // a parent still present: no orphan
  for (const id of linkedAttachments) parents[id]?.sort(byNode);
  for (const id of linkedParents) attachments[id]?.sort(byNode);
  return {
    nodes,
    parentIds: linkedParents.sort((a, b) => a - b),
    parentsOf: (id) => parents[id] ?? NO_EDGES,
    attachmentsOf: (id) => attachments[id] ?? NO_EDGES,
    goneParentOf: (id) => orphans.get(id),
  };
}

const NO_EDGES: readonly Edge[] = Object.freeze([]);

function compareNodes(nodes: readonly ImageRecord[], a: Edge, b: Edge): number {
  const x = nodes[a.id] as ImageRecord;
  const y = nodes[b.id] as ImageRecord;
  return compareText(x.repository, y.repository) || compareText(x.digest, y.digest) || compareText(a.relation, b.relation);
}

/**
 * Extends `kept` (in place) down the graph and calls `reason` for every attachment of a kept image, whether or not it
 * was already kept for reasons of its own.
 */
export function keepClosure(kept: Uint8Array, graph: AttachmentGraph, reason: (attachment: number, parent: Edge) => void): void {
  const queue = graph.parentIds.filter((id) => kept[id]);
  const visited = new Set<number>();
  while (queue.length > 0) {
    const parent = queue.pop() as number;
    if (visited.has(parent)) continue;
    visited.add(parent);
    for (const edge of graph.attachmentsOf(parent)) {
      reason(edge.id, { id: parent, relation: edge.relation });
      kept[edge.id] = 1;
      queue.push(edge.id);
    }
  }
}

/** Wave of each deleted image, by id: 0 without a deleted parent, else one more than its latest deleted parent. */
export function deletionWaves(deleted: readonly number[], isDeleted: (id: number) => boolean, graph: AttachmentGraph): Int32Array {
  const waves = new Int32Array(graph.nodes.length).fill(-1);
  const inProgress = new Uint8Array(graph.nodes.length);
  const waveOf = (id: number): number => {
    if (waves[id] !== -1) return waves[id] as number;
    const parents = graph.parentsOf(id);
    if (parents.length === 0) return (waves[id] = 0);
    if (inProgress[id]) return 0; // a cycle cannot happen with content addressing; never loop on bad data
    inProgress[id] = 1;
    let wave = 0;
    for (const parent of parents) {
      if (isDeleted(parent.id)) wave = Math.max(wave, waveOf(parent.id) + 1);
    }
    inProgress[id] = 0;
    return (waves[id] = wave);
  };
  for (const id of deleted) waveOf(id);
  return waves;
}
