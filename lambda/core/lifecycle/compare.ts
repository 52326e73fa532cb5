/**
 * What a repository's lifecycle policy would do, set against this tool's plan for the same images: for every image
 * the policy expires or archives, whether it is live (and where it runs), protected, kept for another reason, deleted
 * by this tool too, or in a repository no config policy governs. Also what this tool deletes that the policy keeps.
 */
import type { Digest, ImageRecord } from '../model';
import type { Decision } from '../plan';
import { describeReason, shortDigest } from '../reasons';
import type { EvaluatedImage, LifecycleOutcome } from './outcome';

export type Verdict = 'live' | 'protected' | 'kept' | 'deleted' | 'ungoverned';

export interface ComparedImage {
  readonly image: ImageRecord;
  readonly outcome: Exclude<LifecycleOutcome, { kind: 'none' }>;
  readonly verdict: Verdict;
  /** Where it runs (live), or this tool's reasons: what a person reads next to the verdict. */
  readonly details: readonly string[];
}

export interface CompareInput {
  readonly evaluated: readonly EvaluatedImage[];
  /** The plan's decisions for this repository by digest; empty when no config policy governs it. */
  readonly decisions: ReadonlyMap<Digest, Decision>;
  /** Live locations by digest in this repository (the resolved live set). */
  readonly live: ReadonlyMap<Digest, readonly string[]>;
}

export interface RepositoryComparison {
  readonly acted: readonly ComparedImage[];
  /** Images this tool deletes that the lifecycle policy leaves alone. */
  readonly deletedOnlyByTool: readonly ImageRecord[];
  /** Images a rule took but could not be decided for (marks.ts). */
  readonly undetermined: readonly ImageRecord[];
}

export function compareRepository(input: CompareInput): RepositoryComparison {
  const acted: ComparedImage[] = [];
  const deletedOnlyByTool: ImageRecord[] = [];
  const undetermined: ImageRecord[] = [];
  const indexesOf = indexesByMember(input.evaluated);
  for (const { image, outcome } of input.evaluated) {
    if (outcome.kind !== 'none') acted.push({ image, outcome, ...classify(image, input, indexesOf.get(image.digest) ?? []) });
    else if (input.decisions.get(image.digest)?.action === 'delete') deletedOnlyByTool.push(image);
    if (outcome.kind === 'none' && outcome.undetermined) undetermined.push(image);
  }
  return { acted, deletedOnlyByTool, undetermined };
}

function classify(image: ImageRecord, input: CompareInput, indexes: readonly Digest[]): { verdict: Verdict; details: readonly string[] } {
  const live = liveLocations(image, input, indexes);
  if (live.length > 0) return { verdict: 'live', details: live };
  const decision = input.decisions.get(image.digest);
  if (!decision) return { verdict: 'ungoverned', details: ['governed by no policy of the config: never touched'] };
  const protection = decision.reasons.filter((reason) => reason.code === 'protected');
  if (protection.length > 0) return { verdict: 'protected', details: protection.map(describeReason) };
  const deciding = decision.action === 'delete' ? 'expire' : 'keep';
  const reasons = decision.reasons.filter((reason) => reason.verdict === deciding).map(describeReason);
  return { verdict: decision.action === 'delete' ? 'deleted' : 'kept', details: reasons };
}

/**
 * Live by a reference of its own (the decision's live reason names the workloads), or as a member of a live image
 * index: pulling the index pulls its platform manifests, so expiring a member breaks the live image (seed 001).
 * A referrer of a live image (a signature) is not live by that alone: pulls do not need it.
 */
function liveLocations(image: ImageRecord, input: CompareInput, indexes: readonly Digest[]): string[] {
  const reason = input.decisions.get(image.digest)?.reasons.find((candidate) => candidate.code === 'live');
  const own = reason?.code === 'live' ? reason.locations : input.live.get(image.digest) ?? [];
  if (own.length > 0) return [...own];
  return indexes.flatMap((index) => {
    const locations = input.live.get(index) ?? [];
    return locations.length > 0 ? [`member of live index ${shortDigest(index)}: ${locations.join('; ')}`] : [];
  });
}

/** Member digest → the indexes of the repository that list it (ECR keeps an index's members in its repository). */
function indexesByMember(evaluated: readonly EvaluatedImage[]): Map<Digest, Digest[]> {
  const indexes = new Map<Digest, Digest[]>();
  for (const { image } of evaluated) {
    for (const member of image.childDigests) indexes.set(member, [...(indexes.get(member) ?? []), image.digest]);
  }
  return indexes;
}
