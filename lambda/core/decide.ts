/**
 * Decide: the middle of collect → decide → act. Collected data, the config, the mode and `now` in; out comes
 * everything the act step and the report need: the resolved live set, the plan with every reason, the verdict, and
 * the journal to write before the first deletion. Pure, so the Lambda, every CLI command and `plan --from` decide
 * alike, and a snapshot decides today exactly as it did when it was taken.
 */
import { mergeJournal, sameJournal } from './journal';
import type { CollectedAccount, JournalEntry, ResolvedLiveSet } from './model';
import type { Plan } from './plan';
import { plan } from './planner';
import type { Mode, RetentionConfig } from './policy';
import { resolveLiveReferences } from './references';
import { verdictOf, type Verdict } from './verdict';

export interface Decided {
  readonly resolved: ResolvedLiveSet;
  readonly plan: Plan;
  readonly verdict: Verdict;
  /**
   * The journal to write before the first deletion (write-ahead); absent when the verdict is not `delete` or the
   * journal would not change.
   */
  readonly journal?: readonly JournalEntry[];
}

export function decide(collected: CollectedAccount, config: RetentionConfig, mode: Mode, now: number): Decided {
  const { inventory, journal: previous } = collected;
  const resolved = resolveLiveReferences(collected.references, inventory);
  const { policies, gracePeriodMs, maxDeletionsPerRun } = { ...config.settings, policies: config.policies };
  const planned = plan({ inventory, live: resolved.live, policies, gracePeriodMs, now, journal: previous });
  const failedSources = collected.failedSources.map((failure) => failure.message);
  const verdict = verdictOf({ mode, deletions: planned.deletions.length, maxDeletionsPerRun, failedSources });
  if (verdict.action !== 'delete') return { resolved, plan: planned, verdict };
  const next = mergeJournal(previous, planned.attachmentsOfDeletions, inventory.images);
  return { resolved, plan: planned, verdict, ...(sameJournal(next, previous) ? {} : { journal: next }) };
}
