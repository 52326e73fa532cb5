/**
 * `lifecycle compare`'s model: for each repository of the collected account with a lifecycle policy, the policy
 * evaluated on its images as of the plan's time, set against the plan (core/lifecycle/compare.ts); the repositories
 * without one; and the totals. Text and JSON are both rendered from it.
 */
import { push } from '../lambda/core/arrays';
import { compareRepository, type RepositoryComparison, type Verdict } from '../lambda/core/lifecycle/compare';
import { evaluateLifecyclePolicy } from '../lambda/core/lifecycle/evaluate';
import { formatLifecycleIssues, parseLifecyclePolicy } from '../lambda/core/lifecycle/parse';
import type { LifecycleRule } from '../lambda/core/lifecycle/policy';
import type { Digest, ImageRecord } from '../lambda/core/model';
import type { CollectedAccount } from '../lambda/core/collected';
import { compareText } from '../lambda/core/order';
import type { Decision } from '../lambda/core/plan';
import type { RepositoryLifecyclePolicy } from './lifecycle-source';
import type { PlanView } from './plan-view';

export interface RepositoryReport {
  readonly region: string;
  readonly repository: string;
  readonly images: number;
  readonly text: string;
  readonly rules: readonly LifecycleRule[];
  /** Set when the policy could not be read as a lifecycle policy: nothing was evaluated. */
  readonly error?: string;
  readonly comparison?: RepositoryComparison;
}

export interface LifecycleComparison {
  readonly view: PlanView;
  readonly repositories: readonly RepositoryReport[];
  readonly withoutPolicy: readonly { readonly region: string; readonly repository: string }[];
}

export type PoliciesByRegion = ReadonlyMap<string, readonly RepositoryLifecyclePolicy[]>;

export function compareAccount(view: PlanView, collected: CollectedAccount, policies: PoliciesByRegion, shown: (repository: string) => boolean): LifecycleComparison {
  const decisions = groupBy(view.plan.decisions, (d) => key(d.region, d.repository), (d) => [d.image.digest, d] as const);
  const live = liveByRepository(view);
  const repositories: RepositoryReport[] = [];
  const withoutPolicy: { region: string; repository: string }[] = [];
  for (const { inventory } of collected.regions) {
    const images = imagesByRepository(inventory.images);
    for (const { repository, text } of policies.get(inventory.region) ?? []) {
      if (!shown(repository)) continue;
      if (text === undefined) {
        withoutPolicy.push({ region: inventory.region, repository });
        continue;
      }
      const k = key(inventory.region, repository);
      const context = { images: images.get(repository) ?? [], decisions: decisions.get(k) ?? new Map(), live: live.get(k) ?? new Map(), now: view.plannedAt };
      repositories.push({ region: inventory.region, repository, ...evaluated(text, context) });
    }
  }
  const byName = (a: { region: string; repository: string }, b: { region: string; repository: string }) => compareText(key(a.region, a.repository), key(b.region, b.repository));
  return { view, repositories: repositories.sort(byName), withoutPolicy: withoutPolicy.sort(byName) };
}

interface Context {
  readonly images: readonly ImageRecord[];
  readonly decisions: ReadonlyMap<Digest, Decision>;
  readonly live: ReadonlyMap<Digest, readonly string[]>;
  readonly now: number;
}

function evaluated(text: string, context: Context): Omit<RepositoryReport, 'region' | 'repository'> {
  const parsed = parseLifecyclePolicy(text);
  if (!parsed.ok) return { images: context.images.length, text, rules: [], error: formatLifecycleIssues(parsed.issues) };
  const evaluation = evaluateLifecyclePolicy(parsed.policy, context.images, context.now);
  const comparison = compareRepository({ evaluated: evaluation, decisions: context.decisions, live: context.live });
  return { images: context.images.length, text, rules: parsed.policy.rules, comparison };
}

export interface ComparisonTotals {
  readonly repositories: number;
  readonly expire: number;
  readonly transition: number;
  readonly verdicts: Readonly<Record<Verdict, number>>;
  readonly deletedOnlyByTool: number;
  /** Live images a lifecycle policy acts on that this tool's plan deletes too: never more than 0. */
  readonly liveDeletedByTool: number;
  readonly unevaluated: number;
}

export function totalsOf(comparison: LifecycleComparison): ComparisonTotals {
  const verdicts: Record<Verdict, number> = { live: 0, protected: 0, kept: 0, deleted: 0, ungoverned: 0 };
  let expire = 0;
  let transition = 0;
  let deletedOnlyByTool = 0;
  let liveDeletedByTool = 0;
  const deleting = new Set(comparison.view.plan.deletions.map((d) => `${key(d.region, d.repository)} ${d.digest}`));
  for (const report of comparison.repositories) {
    for (const entry of report.comparison?.acted ?? []) {
      verdicts[entry.verdict]++;
      if (entry.outcome.kind === 'transition') transition++;
      else expire++;
      if (entry.verdict === 'live' && deleting.has(`${key(report.region, report.repository)} ${entry.image.digest}`)) liveDeletedByTool++;
    }
    deletedOnlyByTool += report.comparison?.deletedOnlyByTool.length ?? 0;
  }
  const unevaluated = comparison.repositories.filter((report) => report.error !== undefined).length;
  return { repositories: comparison.repositories.length, expire, transition, verdicts, deletedOnlyByTool, liveDeletedByTool, unevaluated };
}

function liveByRepository(view: PlanView): Map<string, Map<Digest, string[]>> {
  const live = new Map<string, Map<Digest, string[]>>();
  for (const entry of view.live) {
    const k = key(entry.region, entry.repository);
    const digests = live.get(k) ?? new Map<Digest, string[]>();
    live.set(k, digests);
    push(digests, entry.digest, entry.reference.location);
  }
  return live;
}

function imagesByRepository(images: readonly ImageRecord[]): Map<string, ImageRecord[]> {
  const groups = new Map<string, ImageRecord[]>();
  for (const image of images) push(groups, image.repository, image);
  return groups;
}

function groupBy<T, V>(items: readonly T[], keyOf: (item: T) => string, entry: (item: T) => readonly [Digest, V]): Map<string, Map<Digest, V>> {
  const groups = new Map<string, Map<Digest, V>>();
  for (const item of items) {
    const group = groups.get(keyOf(item)) ?? new Map<Digest, V>();
    groups.set(keyOf(item), group);
    group.set(...entry(item));
  }
  return groups;
}

function key(region: string, repository: string): string {
  return `${region} ${repository}`;
}
