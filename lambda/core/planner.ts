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
import { layOutRegistry } from './layout';
import { byWave } from './plan-merge';
import { governingPolicy, policiesGoverningNothing, type Policy } from './policy';
import { UNMATCHED_EXPIRES, UNMATCHED_KEEPS, UNTAGGED_EXPIRES, UNTAGGED_KEEPS, type Reason } from './reasons';
import { delayReason } from './deletion-delay';
import type { PlanMemory } from './state';

export type { PlanMemory } from './state';
import { bytesOf, summarize } from './summary';

export interface PlanInput {
  readonly inventory: Inventory;
  readonly live: readonly LiveDigest[];
  readonly policies: readonly Policy[];
  readonly gracePeriodMs: number;
  readonly now: number;
  /** The deletion journal of the last deleting run: attachments whose parent it deleted. */
  readonly journal?: readonly JournalEntry[];
  /** What earlier runs remember (core/state.ts): tag times for `orderBy: taggedAt`, candidacies for the delay. */
  readonly memory?: PlanMemory;
}


/** A decision while the plan is made: closure may still turn a delete into a keep. */
type DraftDecision = { -readonly [K in keyof Decision]: K extends 'reasons' ? Reason[] : Decision[K] };

interface Judged {
  /** Governed images' decisions, in id order (repository, then digest). */
  readonly decisions: DraftDecision[];
  /** By node id; governed images only. */
  readonly decisionOf: (DraftDecision | undefined)[];
  /** By node id: kept for a reason of its own or by closure. Ungoverned images count as kept: they are never touched. */
  readonly kept: Uint8Array;
  /** Governed ids no reason of their own keeps, in id order: deleted unless closure keeps them. */
  readonly unkept: number[];
  readonly ungoverned: string[];
}

export function plan(input: PlanInput): Plan {
  const layout = layOutRegistry(input.inventory);
  const { nodes, repositories } = layout;
  const graph = buildAttachmentGraph(layout, input.journal ?? []);
  const liveLocations = indexLive(input.live);
  const judged: Judged = { decisions: [], decisionOf: filledArray<DraftDecision | undefined>(nodes.length, undefined), kept: new Uint8Array(nodes.length), unkept: [], ungoverned: [] };
  for (const { name, images, start, end } of repositories) {
    const policy = governingPolicy(input.policies, name);
    if (!policy) {
      judged.ungoverned.push(name);
      judged.kept.fill(1, start, end);
      continue;
    }
    judgeRepository(images, start, { region: input.inventory.region, policy, live: liveLocations.get(name), gracePeriodMs: input.gracePeriodMs, now: input.now, graph, memory: input.memory }, judged);
  }
  keepClosure(judged.kept, graph, (attachment, parent) => {
    const decision = judged.decisionOf[attachment];
    if (!decision) return;
    decision.reasons.push(closureReason('keep', graph, attachment, parent));
    decision.action = 'keep';
  });
  const idlePolicies = policiesGoverningNothing(input.policies, repositories.map((repository) => repository.name)).map(({ name, document }) => ({ name, document }));
  return { ...assemble(judged, graph, input.inventory.region), idlePolicies };
}

interface RepositoryContext {
  readonly region: string;
  readonly policy: Policy;
  readonly live: Map<Digest, string[]> | undefined;
  readonly gracePeriodMs: number;
  readonly now: number;
  readonly graph: AttachmentGraph;
  readonly memory: PlanMemory | undefined;
}

/**
 * `images` are the repository's, at ids start, start + 1, … Each gets its decision here, while the repository is in
 * the processor's cache; only the few attachments that closure keeps are touched again.
 */
function judgeRepository(images: readonly ImageRecord[], start: number, context: RepositoryContext, judged: Judged): void {
  const lineageReasons = evaluateLineages(images, context.policy.lineages, context.now, context.memory?.tags);
  const untaggedReasons = evaluateUntagged(images, start, context);
  const policy = context.policy.name;
  for (let i = 0; i < images.length; i++) {
    const image = images[i] as ImageRecord;
    const id = start + i;
    const reasons = ownReasons(image, id, lineageReasons.get(image.digest), untaggedReasons.get(image.digest), context);
    let keep = reasons.some((reason) => reason.verdict === 'keep');
    const delay = keep || !context.memory ? undefined : delayReason(image, isRoot(context.graph, id), context.memory, context.now);
    if (delay) {
      reasons.push(delay);
      keep = true;
    }
    const decision: DraftDecision = { region: context.region, repository: image.repository, policy, image, action: keep ? 'keep' : 'delete', reasons };
    judged.decisions.push(decision);
    judged.decisionOf[id] = decision;
    if (keep) judged.kept[id] = 1;
    else judged.unkept.push(id);
  }
}

/** Deleted for its own sake: not an attachment of a listed parent nor of one the journal says is gone. */
function isRoot(graph: AttachmentGraph, id: number): boolean {
  return graph.parentsOf(id).length === 0 && !graph.goneParentOf(id);
}

/** `parentRepository` only when the parent lives elsewhere: the usual case reads as before. */
function closureReason(verdict: 'keep' | 'expire', graph: AttachmentGraph, attachment: number, parent: Edge): Reason {
  const { repository, digest } = graph.nodes[parent.id] as ImageRecord;
  // Two literal shapes rather than a spread: one of these is built per attachment of every parent.
  return repository !== graph.nodes[attachment]?.repository
    ? { code: 'closure', verdict, relation: parent.relation, parent: digest, parentRepository: repository }
    : { code: 'closure', verdict, relation: parent.relation, parent: digest };
}

/** Deletions in waves, and the journal entries the deletions need. */
function assemble(judged: Judged, graph: AttachmentGraph, region: string): Omit<Plan, 'idlePolicies'> {
  const { nodes } = graph;
  const deleted = judged.unkept.filter((id) => !judged.kept[id]);
  for (const id of deleted) {
    const reasons = judged.decisionOf[id]?.reasons;
    for (const parent of graph.parentsOf(id)) reasons?.push(closureReason('expire', graph, id, parent));
  }
  const waves = deletionWaves(deleted, (id) => !judged.kept[id], graph);
  const deletions: Deletion[] = [];
  const attachmentsOfDeletions: JournalEntry[] = [];
  for (const id of deleted) {
    const image = nodes[id] as ImageRecord;
    deletions.push({ region, repository: image.repository, digest: image.digest, expectedTags: image.tags, wave: waves[id] ?? 0, follows: followed(graph, id), sizeBytes: bytesOf(image) });
    for (const { id: attachment } of graph.attachmentsOf(id)) {
      const { repository, digest } = nodes[attachment] as ImageRecord;
      attachmentsOfDeletions.push({ region, repository, digest, parent: image.digest });
    }
  }
  const { decisions, ungoverned } = judged;
  return { decisions, deletions: byWave(deletions), ungovernedRepositories: ungoverned, summary: summarize(decisions, ungoverned.length), attachmentsOfDeletions };
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
