/**
 * Decide: the middle of collect → decide → act. Collected data, the config, the mode and `now` in; out comes
 * everything the act step and the report need: the resolved live set, the plan with every reason, the verdict, and
 * the journal to write before the first deletion. Pure, so the Lambda, every CLI command and `plan --from` decide
 * alike, and a snapshot decides today exactly as it did when it was taken.
 *
 * Every region is decided at once: the references of every region, of the exports other accounts wrote, and of the
 * workloads pulling copies that deletions replicate to, all resolve against the registry they name, whichever region
 * it is. Each region is then planned on its own (a region is its own registry) and the plans are merged; one verdict
 * covers them all, since a workload in one region may pull from any.
 */
import { appendAll } from './arrays';
import { coexistenceOf, DEFAULT_LIFECYCLE_POLICY_CHECKS, type RegionCoexistence } from './coexistence';
import { assessExchange, type AssessedExchange } from './exchange';
import { mergeJournal } from './journal';
import type { JournalEntry, LiveReference, ResolvedLiveSet, SourceNote } from './model';
import type { CollectedAccount, CollectedRegion, RegionState } from './collected';
import type { Plan } from './plan';
import { mergePlans } from './plan-merge';
import { plan } from './planner';
import type { Mode, RetentionConfig } from './policy';
import { resolveLiveReferences } from './references';
import { candidacies, nextState, TagClock, type PlanMemory } from './state';
import { replicaReferences, replicationProblems } from './replication';
import { uncoveredRegionNotes } from './uncovered-regions';
import { verdictOf, type Verdict } from './verdict';

export interface Decided {
  readonly resolved: ResolvedLiveSet;
  readonly plan: Plan;
  readonly verdict: Verdict;
  /** What the exchange bucket contributed: imported references, blockers, notes, the exports relied on. */
  readonly exchange: AssessedExchange;
  /**
   * Each collected region's next state (core/state.ts), written by every run and, by a deleting one, before its first
   * deletion (write-ahead: it holds the journal of what the deletions leave behind).
   */
  readonly states: readonly RegionState[];
  /** Per region, the governed repositories that still have an ECR lifecycle policy (core/coexistence.ts). */
  readonly coexistence: readonly RegionCoexistence[];
  /** Facts of the decision, not failures: references to this account's registry in regions the run does not cover. */
  readonly notes: readonly SourceNote[];
}

export function decide(collected: CollectedAccount, config: RetentionConfig, mode: Mode, now: number): Decided {
  const { regions, accountId } = collected;
  const exchange = assessExchange(collected.exchange, accountId, now);
  const pool = referencePool(regions, exchange);
  const covered = new Set([...regions.map(({ inventory }) => inventory.region), ...collected.unreadableRegions.map(({ region }) => region)]);
  const notes = uncoveredRegionNotes(pool, accountId, covered);
  appendAll(pool, replicaReferences(pool, regions, accountId));
  const { policies, gracePeriodMs, maxDeletionsPerRun, deletionDelayMs = 0, lifecyclePolicyChecks = DEFAULT_LIFECYCLE_POLICY_CHECKS } = { ...config.settings, policies: config.policies };
  const live: ResolvedLiveSet['live'][number][] = [];
  const missing: ResolvedLiveSet['missing'][number][] = [];
  // Each region's journal and what its state says, read once: the plan and the next state both need them.
  const journals = regions.map(({ inventory }) => journalOf(collected, inventory.region));
  const memories = regions.map(({ state }) => ({ tags: new TagClock(state, now), candidates: candidacies(state), deletionDelayMs }));
  const plans = regions.map(({ inventory }, i) => {
    const resolved = resolveLiveReferences(pool, inventory);
    appendAll(live, resolved.live);
    appendAll(missing, resolved.missing);
    return plan({ inventory, live: resolved.live, policies, gracePeriodMs, now, journal: journals[i] as readonly JournalEntry[], memory: memories[i] as PlanMemory });
  });
  const merged = mergePlans(plans, regions.map(({ inventory }) => inventory.region));
  const resolved = { live, missing };
  const verdict = verdictOf({
    mode,
    deletions: merged.deletions.length,
    maxDeletionsPerRun,
    failedSources: failureMessages(regions),
    unreadableRegions: collected.unreadableRegions,
    exchangeProblems: exchange.problems,
    replicationProblems: replicationProblems(regions, accountId, collected.exchange?.expect ?? [], policies),
  });
  const coexisting = regions.map((region) => coexistenceOf(region, policies, lifecyclePolicyChecks, now));
  const states = regions.map((region, i) => {
    const planned = plans[i] as Plan;
    const previous = journals[i] as readonly JournalEntry[];
    const journal = verdict.action === 'delete' ? nextJournal(previous, planned, region) : previous;
    const lifecyclePolicies = coexisting[i]?.known;
    return nextState({ previous: region.state, inventory: region.inventory, plan: planned, journal, now, memory: memories[i] as PlanMemory, ...(lifecyclePolicies ? { lifecyclePolicies } : {}) });
  });
  const coexistence = coexisting.flatMap((found) => (found ? [found.coexistence] : []));
  return { resolved, plan: merged, verdict, exchange, states, coexistence, notes };
}


/** Each failure once; with several regions covered, each names its region. */
function failureMessages(regions: readonly CollectedRegion[]): string[] {
  const named = regions.length > 1;
  return regions.flatMap(({ failedSources }) => failedSources.map((failure) => (named && failure.region !== undefined ? `${failure.region}: ${failure.message}` : failure.message)));
}

/** Every region's references, and every readable export's. */
function referencePool(regions: readonly CollectedRegion[], exchange: AssessedExchange): LiveReference[] {
  const pool: LiveReference[] = [];
  for (const region of regions) appendAll(pool, region.references);
  appendAll(pool, exchange.references);
  return pool;
}

/**
 * A region's journal: its state's, and the entries for it of a journal from before there were states (a snapshot's;
 * entries without a region belong to the home region). A live collection puts the old journal in the state itself.
 */
function journalOf(collected: CollectedAccount, region: string): readonly JournalEntry[] {
  const own = collected.regions.find((candidate) => candidate.inventory.region === region)?.state?.journal ?? [];
  const legacy = collected.journal.filter((entry) => (entry.region ?? collected.homeRegion) === region);
  return legacy.length === 0 ? own : [...own, ...legacy];
}

/** The previous journal's entries that still matter and the deletions' attachments, on this region's inventory. */
function nextJournal(previous: readonly JournalEntry[], planned: Plan, region: CollectedRegion): JournalEntry[] {
  const { inventory } = region;
  const merged = mergeJournal(previous, planned.attachmentsOfDeletions, inventory.images);
  return merged.map((entry) => ({ ...entry, region: inventory.region }));
}
