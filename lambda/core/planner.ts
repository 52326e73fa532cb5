/**
 * The planner: the one place where keep/delete is decided (DESIGN.md, "The promise, precisely"). It sees the whole
 * registry, the resolved live set and the policies, and returns a decision with all its reasons for every digest of
 * every governed repository, the deletions in the order they must run, and what the journal must remember of them.
 * Lineages and the untagged rule rank within a repository; attachments cross repositories (attachments.ts). Pure.
 */
import { appendAll, filledArray, push } from './arrays';
import { buildAttachmentGraph, deletionWaves, keepClosure, type AttachmentGraph, type Edge } from './attachments';
import { evaluateLineages, keptBy } from './lineage';
import type { Digest, ImageId, ImageRecord, Inventory, JournalEntry, LiveDigest } from './model';
import { compareText } from './order';
import type { Decision, Deletion, Plan } from './plan';
import { governingPolicy, type Policy } from './policy';
import { UNMATCHED_EXPIRES, UNMATCHED_KEEPS, UNTAGGED_EXPIRES, UNTAGGED_KEEPS, type Reason } from './reasons';
import { summarize } from './summary';

export interface PlanInput {
  readonly inventory: Inventory;
  readonly live: readonly LiveDigest[];
  readonly policies: readonly Policy[];
  readonly gracePeriodMs: number;
  readonly now: number;
  /** The deletion journal of the last deleting run: attachments whose parent it deleted. */
  readonly journal?: readonly JournalEntry[];
}

/** The repositories in name order, their images in digest order, one after another: an image's id is its position. */
interface Nodes {
  readonly nodes: ImageRecord[];
  readonly repositories: { readonly name: string; readonly images: readonly ImageRecord[]; readonly start: number; readonly end: number }[];
}

interface Judged {
  /** By node id; governed images only. */
  readonly reasons: (Reason[] | undefined)[];
  /** By node id: kept for a reason of its own or by closure. Ungoverned images count as kept: they are never touched. */
  readonly kept: Uint8Array;
  readonly governed: { readonly policy: Policy; readonly start: number; readonly end: number }[];
  readonly ungoverned: string[];
}

export function plan(input: PlanInput): Plan {
  const { nodes, repositories } = layOut(input.inventory);
  const graph = buildAttachmentGraph(nodes, repositories, input.journal ?? []);
  const liveLocations = indexLive(input.live);
  const judged: Judged = { reasons: filledArray<Reason[] | undefined>(nodes.length, undefined), kept: new Uint8Array(nodes.length), governed: [], ungoverned: [] };
  for (const { name, images, start, end } of repositories) {
    const policy = governingPolicy(input.policies, name);
    if (!policy) {
      judged.ungoverned.push(name);
      judged.kept.fill(1, start, end);
      continue;
    }
    judged.governed.push({ policy, start, end });
    judgeRepository(images, start, { policy, live: liveLocations.get(name), gracePeriodMs: input.gracePeriodMs, now: input.now, graph }, judged);
  }
  keepClosure(judged.kept, graph, (attachment, parent) => judged.reasons[attachment]?.push(closureReason('keep', graph, attachment, parent)));
  return assemble(judged, graph);
}

interface RepositoryContext {
  readonly policy: Policy;
  readonly live: Map<Digest, string[]> | undefined;
  readonly gracePeriodMs: number;
  readonly now: number;
  readonly graph: AttachmentGraph;
}

/** `images` are the repository's, at ids start, start + 1, … */
function judgeRepository(images: readonly ImageRecord[], start: number, context: RepositoryContext, judged: Judged): void {
  const lineageReasons = evaluateLineages(images, context.policy.lineages, context.now);
  const untaggedReasons = evaluateUntagged(images, start, context);
  for (let i = 0; i < images.length; i++) {
    const image = images[i] as ImageRecord;
    const id = start + i;
    const own = ownReasons(image, id, lineageReasons.get(image.digest), untaggedReasons.get(image.digest), context);
    judged.reasons[id] = own;
    if (own.some((reason) => reason.verdict === 'keep')) judged.kept[id] = 1;
  }
}

/** `parentRepository` only when the parent lives elsewhere: the usual case reads as before. */
function closureReason(verdict: 'keep' | 'expire', graph: AttachmentGraph, attachment: number, parent: Edge): Reason {
  const parentImage = graph.nodes[parent.id] as ImageRecord;
  const elsewhere = parentImage.repository !== graph.nodes[attachment]?.repository ? { parentRepository: parentImage.repository } : {};
  return { code: 'closure', verdict, relation: parent.relation, parent: parentImage.digest, ...elsewhere };
}

/** Decisions, deletions in waves, and the journal entries the deletions need. */
function assemble(judged: Judged, graph: AttachmentGraph): Plan {
  const { nodes } = graph;
  const decisions: Decision[] = [];
  const deleted: number[] = [];
  for (const { policy, start, end } of judged.governed) {
    for (let id = start; id < end; id++) {
      const image = nodes[id] as ImageRecord;
      const reasons = judged.reasons[id] ?? [];
      const action = judged.kept[id] ? 'keep' : 'delete';
      if (action === 'delete') {
        deleted.push(id);
        for (const parent of graph.parentsOf(id)) reasons.push(closureReason('expire', graph, id, parent));
      }
      decisions.push({ repository: image.repository, policy: policy.name, image, action, reasons });
    }
  }
  const waves = deletionWaves(deleted, (id) => !judged.kept[id], graph);
  const deletions: Deletion[] = [];
  const attachmentsOfDeletions: JournalEntry[] = [];
  for (const id of deleted) {
    const image = nodes[id] as ImageRecord;
    deletions.push({ repository: image.repository, digest: image.digest, expectedTags: image.tags, wave: waves[id] ?? 0, follows: followed(graph, id), sizeBytes: image.sizeBytes });
    for (const { id: attachment } of graph.attachmentsOf(id)) {
      const { repository, digest } = nodes[attachment] as ImageRecord;
      attachmentsOfDeletions.push({ repository, digest, parent: image.digest });
    }
  }
  return { decisions, deletions: byWave(deletions), ungovernedRepositories: judged.ungoverned, summary: summarize(decisions, judged.ungoverned.length), attachmentsOfDeletions };
}

const FOLLOWS_NOTHING: readonly ImageId[] = Object.freeze([]);

/** The parents a deletion follows out. Edges are sorted; one both a member and a referrer of a parent names it once. */
function followed(graph: AttachmentGraph, id: number): readonly ImageId[] {
  const parents = graph.parentsOf(id);
  if (parents.length === 0) return FOLLOWS_NOTHING;
  return parents.filter((edge, i) => parents[i - 1]?.id !== edge.id).map(({ id: parent }) => {
    const { repository, digest } = graph.nodes[parent] as ImageRecord;
    return { repository, digest };
  });
}

/**
 * The deletions in (wave, repository, digest) order, from (repository, digest) order: every parent before its
 * attachments. Waves are few and small numbers, so this buckets instead of sorting.
 */
function byWave(deletions: readonly Deletion[]): Deletion[] {
  const waves: Deletion[][] = [];
  for (const deletion of deletions) (waves[deletion.wave] ??= []).push(deletion);
  const ordered: Deletion[] = [];
  for (const wave of waves) if (wave) appendAll(ordered, wave);
  return ordered;
}

/** The reasons an image has on its own account, before its parents are considered. */
function ownReasons(image: ImageRecord, id: number, lineage: readonly Reason[] | undefined, untagged: Reason | undefined, context: RepositoryContext): Reason[] {
  const reasons: Reason[] = [];
  const locations = context.live?.get(image.digest);
  if (locations) reasons.push({ code: 'live', verdict: 'keep', locations });
  for (const tag of image.tags) {
    const pattern = context.policy.protect.find((candidate) => candidate.matches(tag));
    if (pattern) reasons.push({ code: 'protected', verdict: 'keep', tag, pattern: pattern.source });
  }
  const grace = graceReason(image, context);
  if (grace) reasons.push(grace);
  if (image.status !== 'ACTIVE') reasons.push({ code: 'archived', verdict: 'keep', status: image.status });
  if (lineage) appendAll(reasons, lineage);
  // An attachment follows its parents: the untagged and unmatched defaults do not apply to it. One whose parent is
  // gone (a run stopped between the two) follows the parent out.
  if (context.graph.parentsOf(id).length > 0) return reasons;
  const goneParent = context.graph.goneParentOf(id);
  if (goneParent) return [...reasons, { code: 'closure', verdict: 'expire', relation: goneParent.relation, parent: goneParent.digest }];
  if (image.tags.length === 0) reasons.push(untagged ?? UNTAGGED_KEEPS);
  else if (!lineage) reasons.push(context.policy.unmatched === 'expire' ? UNMATCHED_EXPIRES : UNMATCHED_KEEPS);
  return reasons;
}

function graceReason(image: ImageRecord, context: RepositoryContext): Reason | undefined {
  const pushedAge = context.now - image.pushedAt;
  if (pushedAge < context.gracePeriodMs) return { code: 'in-grace', verdict: 'keep', by: 'pushed', ageMs: pushedAge, graceMs: context.gracePeriodMs };
  if (image.lastPulledAt === undefined) return undefined;
  const pulledAge = context.now - image.lastPulledAt;
  if (pulledAge < context.gracePeriodMs) return { code: 'in-grace', verdict: 'keep', by: 'pulled', ageMs: pulledAge, graceMs: context.gracePeriodMs };
  return undefined;
}

/** The untagged rule over the repository's standalone untagged images, ranked newest pushed first. */
function evaluateUntagged(images: readonly ImageRecord[], start: number, context: RepositoryContext): Map<Digest, Reason> {
  const rule = context.policy.untagged;
  const { graph } = context;
  const result = new Map<Digest, Reason>();
  const untagged = images.filter((image, i) => image.tags.length === 0 && graph.parentsOf(start + i).length === 0 && !graph.goneParentOf(start + i));
  if (rule.kind !== 'keep-if') {
    for (const image of untagged) result.set(image.digest, rule.kind === 'keep' ? UNTAGGED_KEEPS : UNTAGGED_EXPIRES);
    return result;
  }
  untagged.sort((a, b) => b.pushedAt - a.pushedAt || compareText(a.digest, b.digest));
  untagged.forEach((image, index) => {
    const by = keptBy(rule.keep, index + 1, image, context.now);
    result.set(image.digest, by.length > 0 ? { code: 'untagged', verdict: 'keep', rank: index + 1, by } : { code: 'untagged', verdict: 'expire', rank: index + 1 });
  });
  return result;
}

/** Repository → digest → the locations that reference it, sorted. */
function indexLive(live: readonly LiveDigest[]): Map<string, Map<Digest, string[]>> {
  const index = new Map<string, Map<Digest, string[]>>();
  for (const entry of live) {
    let digests = index.get(entry.repository);
    if (!digests) index.set(entry.repository, (digests = new Map()));
    push(digests, entry.digest, entry.reference.location);
  }
  for (const digests of index.values()) for (const locations of digests.values()) locations.sort();
  return index;
}

/** Repositories in name order, each with its images in digest order: the plan never depends on input order. */
function layOut(inventory: Inventory): Nodes {
  const groups = new Map<string, ImageRecord[]>();
  for (const repository of inventory.repositories) groups.set(repository.name, []);
  for (const image of inventory.images) push(groups, image.repository, image);
  const nodes: ImageRecord[] = [];
  const repositories: Nodes['repositories'][number][] = [];
  for (const [name, images] of [...groups.entries()].sort(([a], [b]) => compareText(a, b))) {
    images.sort((a, b) => compareText(a.digest, b.digest));
    repositories.push({ name, images, start: nodes.length, end: nodes.length + images.length });
    appendAll(nodes, images);
  }
  return { nodes, repositories };
}
