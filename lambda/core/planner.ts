/**
 * The planner: the one place where keep/delete is decided (DESIGN.md, "The promise, precisely"). It sees the whole
 * registry, the resolved live set and the policies, and returns a decision with all its reasons for every digest of
 * every governed repository, the deletions in the order they must run, and what the journal must remember of them.
 * Lineages and the untagged rule rank within a repository; attachments cross repositories (attachments.ts). Pure.
 */
import { appendAll, push } from './arrays';
import { buildAttachmentGraph, closureReason, deletionWaves, keepClosure, type AttachmentGraph } from './attachments';
import { evaluateLineages, keptBy } from './lineage';
import type { Digest, ImageRecord, Inventory, JournalEntry, LiveDigest } from './model';
import { compareText } from './order';
import type { Decision, Deletion, Plan } from './plan';
import { governingPolicy, type Policy } from './policy';
import { UNMATCHED_EXPIRES, UNMATCHED_KEEPS, UNTAGGED_EXPIRES, UNTAGGED_KEEPS, type Reason } from './reasons';
import { indexRegistry, type RegistryIndex } from './registry';
import { summarize } from './summary';

export interface PlanInput {
  readonly inventory: Inventory;
  readonly live: readonly LiveDigest[];
  readonly policies: readonly Policy[];
  readonly gracePeriodMs: number;
  readonly now: number;
  /** The deletion journal of the last deleting run: attachments whose parent it deleted. */
  readonly journal?: readonly JournalEntry[];
  /** The registry index, when the caller has built it already (decide() shares it with reference resolution). */
  readonly index?: RegistryIndex;
}

interface Judged {
  readonly reasons: Map<ImageRecord, Reason[]>;
  /** Kept for a reason of its own or by closure; ungoverned images count as kept, since they are never touched. */
  readonly kept: Set<ImageRecord>;
  readonly governed: { readonly policy: Policy; readonly images: readonly ImageRecord[] }[];
  readonly ungoverned: string[];
}

export function plan(input: PlanInput): Plan {
  const index = input.index ?? indexRegistry(input.inventory.images);
  const graph = buildAttachmentGraph(index, input.journal ?? []);
  const liveLocations = indexLive(input.live);
  const judged: Judged = { reasons: new Map(), kept: new Set(), governed: [], ungoverned: [] };
  for (const [repository, images] of groupByRepository(input.inventory)) {
    const policy = governingPolicy(input.policies, repository);
    if (!policy) {
      judged.ungoverned.push(repository);
      for (const image of images) judged.kept.add(image);
      continue;
    }
    judged.governed.push({ policy, images });
    judgeRepository(images, { policy, live: liveLocations.get(repository), gracePeriodMs: input.gracePeriodMs, now: input.now, graph }, judged);
  }
  for (const [image, closure] of keepClosure(judged.kept, graph)) {
    const reasons = judged.reasons.get(image);
    if (reasons) appendAll(reasons, closure);
  }
  return assemble(judged, graph);
}

interface RepositoryContext {
  readonly policy: Policy;
  readonly live: Map<Digest, string[]> | undefined;
  readonly gracePeriodMs: number;
  readonly now: number;
  readonly graph: AttachmentGraph;
}

function judgeRepository(images: readonly ImageRecord[], context: RepositoryContext, judged: Judged): void {
  const lineageReasons = evaluateLineages(images, context.policy.lineages, context.now);
  const untaggedReasons = evaluateUntagged(images, context);
  for (const image of images) {
    const own = ownReasons(image, lineageReasons.get(image.digest), untaggedReasons.get(image.digest), context);
    judged.reasons.set(image, own);
    if (own.some((reason) => reason.verdict === 'keep')) judged.kept.add(image);
  }
}

/** Decisions, deletions in waves, and the journal entries the deletions need. */
function assemble(judged: Judged, graph: AttachmentGraph): Plan {
  const decisions: Decision[] = [];
  const deleted = new Set<ImageRecord>();
  for (const { policy, images } of judged.governed) {
    for (const image of images) {
      const action = judged.kept.has(image) ? 'keep' : 'delete';
      const reasons = judged.reasons.get(image) ?? [];
      if (action === 'delete') {
        deleted.add(image);
        for (const parent of graph.parentsOf(image)) reasons.push(closureReason('expire', image, parent));
      }
      decisions.push({ repository: image.repository, policy: policy.name, image, action, reasons });
    }
  }
  const waves = deletionWaves(deleted, graph);
  const deletions: Deletion[] = [];
  const attachmentsOfDeletions: JournalEntry[] = [];
  for (const image of deleted) {
    // Edges are sorted; an image that is both a member and a referrer of one parent names it once.
    const follows = graph.parentsOf(image).filter((edge, i, edges) => edges[i - 1]?.image !== edge.image)
      .map(({ image: parent }) => ({ repository: parent.repository, digest: parent.digest }));
    deletions.push({ repository: image.repository, digest: image.digest, expectedTags: image.tags, wave: waves.get(image) ?? 0, follows, sizeBytes: image.sizeBytes });
    for (const { image: attachment } of graph.attachmentsOf(image)) {
      attachmentsOfDeletions.push({ repository: attachment.repository, digest: attachment.digest, parent: image.digest });
    }
  }
  deletions.sort((a, b) => a.wave - b.wave || compareText(a.repository, b.repository) || compareText(a.digest, b.digest));
  return { decisions, deletions, ungovernedRepositories: judged.ungoverned, summary: summarize(decisions, judged.ungoverned.length), attachmentsOfDeletions };
}

/** The reasons an image has on its own account, before its parents are considered. */
function ownReasons(image: ImageRecord, lineage: readonly Reason[] | undefined, untagged: Reason | undefined, context: RepositoryContext): Reason[] {
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
  if (context.graph.parentsOf(image).length > 0) return reasons;
  const goneParent = context.graph.goneParentOf(image);
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
function evaluateUntagged(images: readonly ImageRecord[], context: RepositoryContext): Map<Digest, Reason> {
  const rule = context.policy.untagged;
  const { graph } = context;
  const result = new Map<Digest, Reason>();
  const untagged = images.filter((image) => image.tags.length === 0 && graph.parentsOf(image).length === 0 && !graph.goneParentOf(image));
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
function groupByRepository(inventory: Inventory): Map<string, ImageRecord[]> {
  const groups = new Map<string, ImageRecord[]>();
  for (const repository of inventory.repositories) groups.set(repository.name, []);
  for (const image of inventory.images) push(groups, image.repository, image);
  const sorted = new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)));
  for (const images of sorted.values()) images.sort((a, b) => compareText(a.digest, b.digest));
  return sorted;
}
