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
import { assessExchange, type AssessedExchange } from './exchange';
import { mergeJournal, sameJournal } from './journal';
import type { CollectedAccount, CollectedRegion, JournalEntry, LiveReference, ResolvedLiveSet } from './model';
import type { Plan } from './plan';
import { mergePlans } from './plan-merge';
import { plan } from './planner';
import type { Mode, RetentionConfig } from './policy';
import { resolveLiveReferences } from './references';
import { replicaReferences, replicationProblems } from './replication';
import { verdictOf, type Verdict } from './verdict';

export interface Decided {
  readonly resolved: ResolvedLiveSet;
  readonly plan: Plan;
  readonly verdict: Verdict;
  /** What the exchange bucket contributed: imported references, blockers, notes, the exports relied on. */
  readonly exchange: AssessedExchange;
  /**
   * The journal to write before the first deletion (write-ahead); absent when the verdict is not `delete` or the
   * journal would not change.
   */
  readonly journal?: readonly JournalEntry[];
}

export function decide(collected: CollectedAccount, config: RetentionConfig, mode: Mode, now: number): Decided {
  const { regions, accountId } = collected;
  const exchange = assessExchange(collected.exchange, accountId, now);
  const pool = referencePool(regions, exchange);
  appendAll(pool, replicaReferences(pool, regions, accountId));
  const { policies, gracePeriodMs, maxDeletionsPerRun } = { ...config.settings, policies: config.policies };
  const live: ResolvedLiveSet['live'][number][] = [];
  const missing: ResolvedLiveSet['missing'][number][] = [];
  const plans = regions.map(({ inventory }) => {
    const resolved = resolveLiveReferences(pool, inventory);
    appendAll(live, resolved.live);
    appendAll(missing, resolved.missing);
    return plan({ inventory, live: resolved.live, policies, gracePeriodMs, now, journal: journalOf(collected, inventory.region) });
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
  if (verdict.action !== 'delete') return { resolved, plan: merged, verdict, exchange };
  const next = nextJournal(collected, plans);
  return { resolved, plan: merged, verdict, exchange, ...(sameJournal(next, collected.journal) ? {} : { journal: next }) };
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

/** A region's journal entries; entries written before journals carried a region belong to the home region. */
function journalOf(collected: CollectedAccount, region: string): readonly JournalEntry[] {
  return collected.journal.filter((entry) => (entry.region ?? collected.homeRegion) === region);
}

/**
 * Each region's journal merged on its own inventory; the entries of a region that was not collected this time are
 * kept as they are (the verdict is never `delete` then, but the rule holds anyway).
 */
function nextJournal(collected: CollectedAccount, plans: readonly Plan[]): JournalEntry[] {
  const next: JournalEntry[] = [];
  const covered = new Set<string>();
  collected.regions.forEach(({ inventory }, i) => {
    covered.add(inventory.region);
    const merged = mergeJournal(journalOf(collected, inventory.region), (plans[i] as Plan).attachmentsOfDeletions, inventory.images);
    appendAll(next, merged.map((entry) => ({ ...entry, region: inventory.region })));
  });
  appendAll(next, collected.journal.filter((entry) => !covered.has(entry.region ?? collected.homeRegion)));
  return next;
}
