/**
 * The planner: the one place where keep/delete is decided (DESIGN.md, "The promise, precisely"). It sees the whole
 * inventory, the resolved live set and the policies, and returns a decision with all its reasons for every digest of
 * every governed repository, plus the deletions in the order they must run. Pure: `now` is an argument.
 */
import { appendAll } from './arrays';
import { buildAttachmentGraph, deletionWaves, keepClosure, type AttachmentGraph, type FormerParents, type RegistryLookup } from './closure';
import { evaluateLineages, keptBy } from './lineage';
import { formerParentsByRepository } from './journal';
import type { Digest, ImageRecord, Inventory, JournalEntry, LiveDigest } from './model';
import { governingPolicy, type Policy } from './policy';
import { UNMATCHED_EXPIRES, UNMATCHED_KEEPS, UNTAGGED_EXPIRES, UNTAGGED_KEEPS, type Reason } from './reasons';
import { summarize, type PlanSummary } from './summary';

export interface PlanInput {
  readonly inventory: Inventory;
  readonly live: readonly LiveDigest[];
  readonly policies: readonly Policy[];
  readonly gracePeriodMs: number;
  readonly now: number;
  /** The deletion journal of the last deleting run (journal.ts): index members whose index it deleted. */
  readonly journal?: readonly JournalEntry[];
}

export interface Decision {
  readonly repository: string;
  readonly policy: string;
  readonly image: ImageRecord;
  readonly action: 'keep' | 'delete';
  readonly reasons: readonly Reason[];
}

/** A planned deletion; `wave` orders parents before the attachments that follow them. */
export interface PlannedDeletion {
  readonly repository: string;
  readonly digest: Digest;
  readonly expectedTags: readonly string[];
  readonly wave: number;
  /** Its parents, all deleted before it (a kept parent would have kept it); empty in wave 0. */
  readonly follows: readonly Digest[];
  readonly sizeBytes: number;
}

export interface Plan {
  /** Sorted by repository, then digest. Governed repositories only. */
  readonly decisions: readonly Decision[];
  /** Sorted by repository, then wave, then digest: parents before their children and referrers. */
  readonly deletions: readonly PlannedDeletion[];
  readonly ungovernedRepositories: readonly string[];
  readonly summary: PlanSummary;
}

export function plan(input: PlanInput): Plan {
  const liveLocations = indexLive(input.live);
  const decisions: Decision[] = [];
  const deletions: PlannedDeletion[] = [];
  const ungoverned: string[] = [];
  const byRepository = groupByRepository(input);
  const formerParents = formerParentsByRepository(input.journal ?? []);
  // Built only if the journal names a cosign subject gone from the signature's repository.
  let registryDigests: Set<Digest> | undefined;
  const inRegistry: RegistryLookup = (digest) => (registryDigests ??= new Set(input.inventory.images.map((image) => image.digest))).has(digest);
  for (const [repository, images] of byRepository) {
    const policy = governingPolicy(input.policies, repository);
    if (!policy) {
      ungoverned.push(repository);
      continue;
    }
    const context: RepositoryContext = {
      policy, live: liveLocations.get(repository), gracePeriodMs: input.gracePeriodMs, now: input.now, inRegistry, formerParents: formerParents.get(repository) ?? new Map(),
    };
    planRepository(images, context, decisions, deletions);
  }
  return { decisions, deletions, ungovernedRepositories: ungoverned, summary: summarize(decisions, ungoverned.length) };
}

interface RepositoryContext {
  readonly policy: Policy;
  readonly live: Map<Digest, string[]> | undefined;
  readonly gracePeriodMs: number;
  readonly now: number;
  readonly inRegistry: RegistryLookup;
  readonly formerParents: FormerParents;
}

function planRepository(images: readonly ImageRecord[], context: RepositoryContext, decisions: Decision[], deletions: PlannedDeletion[]): void {
  const graph = buildAttachmentGraph(images, context.inRegistry, context.formerParents);
  const lineageReasons = evaluateLineages(images, context.policy.lineages, context.now);
  const untaggedReasons = evaluateUntagged(images, graph, context);
  const reasons = new Map<Digest, Reason[]>();
  const kept = new Set<Digest>();
  for (const image of images) {
    const own = ownReasons(image, graph, lineageReasons.get(image.digest), untaggedReasons.get(image.digest), context);
    reasons.set(image.digest, own);
    if (own.some((reason) => reason.verdict === 'keep')) kept.add(image.digest);
  }
  for (const [digest, closure] of keepClosure(kept, graph)) reasons.get(digest)?.push(...closure);
  const deleted = new Set(images.filter((image) => !kept.has(image.digest)).map((image) => image.digest));
  for (const digest of deleted) {
    for (const parent of graph.parentsOf(digest)) {
      reasons.get(digest)?.push({ code: 'closure', verdict: 'expire', relation: parent.relation, parent: parent.digest });
    }
  }
  const waves = deletionWaves(deleted, graph);
  const repositoryDeletions: PlannedDeletion[] = [];
  for (const image of images) {
    const action = deleted.has(image.digest) ? 'delete' : 'keep';
    decisions.push({ repository: image.repository, policy: context.policy.name, image, action, reasons: reasons.get(image.digest) ?? [] });
    if (action === 'delete') {
      const wave = waves.get(image.digest) ?? 0;
      const follows = graph.parentsOf(image.digest).map((parent) => parent.digest).sort(compareText);
      repositoryDeletions.push({ repository: image.repository, digest: image.digest, expectedTags: image.tags, wave, follows, sizeBytes: image.sizeBytes });
    }
  }
  repositoryDeletions.sort((a, b) => a.wave - b.wave || compareText(a.digest, b.digest));
  appendAll(deletions, repositoryDeletions);
}

/** The reasons an image has on its own account, before attachments are considered. */
function ownReasons(
  image: ImageRecord,
  graph: AttachmentGraph,
  lineage: readonly Reason[] | undefined,
  untagged: Reason | undefined,
  context: RepositoryContext,
): Reason[] {
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
  if (lineage) reasons.push(...lineage);
  // An attachment follows its parents: the untagged and unmatched defaults do not apply to it. One whose parent is
  // gone (a run stopped between the two) follows the parent out.
  if (graph.parentsOf(image.digest).length > 0) return reasons;
  const goneParent = graph.goneParentOf(image.digest);
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
function evaluateUntagged(images: readonly ImageRecord[], graph: AttachmentGraph, context: RepositoryContext): Map<Digest, Reason> {
  const rule = context.policy.untagged;
  const result = new Map<Digest, Reason>();
  const untagged = images.filter((image) => image.tags.length === 0 && graph.parentsOf(image.digest).length === 0 && !graph.goneParentOf(image.digest));
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

function indexLive(live: readonly LiveDigest[]): Map<string, Map<Digest, string[]>> {
  const index = new Map<string, Map<Digest, string[]>>();
  for (const entry of live) {
    let digests = index.get(entry.repository);
    if (!digests) index.set(entry.repository, (digests = new Map()));
    const locations = digests.get(entry.digest);
    if (locations) locations.push(entry.reference.location);
    else digests.set(entry.digest, [entry.reference.location]);
  }
  for (const digests of index.values()) for (const locations of digests.values()) locations.sort();
  return index;
}

/** Repositories in name order, each with its images in digest order: the plan never depends on input order. */
function groupByRepository(input: PlanInput): Map<string, ImageRecord[]> {
  const groups = new Map<string, ImageRecord[]>();
  for (const repository of input.inventory.repositories) groups.set(repository.name, []);
  for (const image of input.inventory.images) {
    const list = groups.get(image.repository);
    if (list) list.push(image);
    else groups.set(image.repository, [image]);
  }
  const sorted = new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)));
  for (const images of sorted.values()) images.sort((a, b) => compareText(a.digest, b.digest));
  return sorted;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
