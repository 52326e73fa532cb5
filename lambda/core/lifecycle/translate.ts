/**
 * Lifecycle policies → config policies (`lifecycle import`): one config policy per distinct lifecycle policy, naming
 * every repository that holds it, each rule translated by translate-rule.ts, and notes (YAML comments) wherever the
 * meaning changes. Pure: the CLI renders the YAML and validates it with parseConfig before writing.
 */
import type { LifecyclePolicy, LifecycleRule } from './policy';
import { ruleLabel } from './policy';
import { translateRule, type KeepDraft, type RuleDraft } from './translate-rule';

export interface LineageDraft {
  readonly name: string;
  readonly tags: string;
  readonly keep: KeepDraft;
  readonly notes: readonly string[];
}

export interface PolicyDraft {
  readonly name: string;
  readonly repositories: readonly string[];
  readonly notes: readonly string[];
  readonly lineages: readonly LineageDraft[];
  readonly untagged: { readonly value: 'keep' | { readonly keep: KeepDraft }; readonly notes: readonly string[] };
  readonly unmatched: { readonly value: 'keep'; readonly notes: readonly string[] };
  /** Rules with no counterpart in the config, each with why. */
  readonly untranslated: readonly string[];
}

export function translatePolicy(policy: LifecyclePolicy, repositories: readonly string[], name: string): PolicyDraft {
  const drafts = policy.rules.map((rule, i) => translateRule(rule, policy.rules.slice(0, i).filter(isTaggedStandard).length));
  const lineages = drafts.flatMap((draft) => (draft.kind === 'lineage' ? [{ name: draft.name, tags: draft.tags, keep: draft.keep, notes: draft.notes }] : []));
  const untaggedDraft = drafts.find((draft): draft is Extract<RuleDraft, { kind: 'untagged' }> => draft.kind === 'untagged');
  const anyRule = policy.rules.find((rule) => rule.selection.tagStatus === 'any' && rule.selection.storageClass === 'standard' && rule.action.type === 'expire');
  return {
    name,
    repositories,
    notes: [
      `the lifecycle policy of ${repositories.join(', ')} (${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'})`,
      'whatever these rules say, ecr-retention also keeps live, protected and in-grace digests, and the index members and referrers of kept ones',
    ],
    lineages,
    untagged: untaggedDraft ? { value: { keep: untaggedDraft.keep }, notes: untaggedDraft.notes } : { value: 'keep', notes: [untaggedKeptNote(anyRule)] },
    unmatched: { value: 'keep', notes: unmatchedNotes(anyRule) },
    untranslated: drafts.flatMap((draft) => (draft.kind === 'untranslated' ? draft.notes : [])),
  };
}

function isTaggedStandard(rule: LifecycleRule): boolean {
  return rule.selection.tagStatus === 'tagged' && rule.selection.storageClass === 'standard' && rule.action.type === 'expire';
}

function untaggedKeptNote(anyRule: LifecycleRule | undefined): string {
  return anyRule
    ? `no rule selects untagged images alone; ${ruleLabel(anyRule)} (any) would expire them: meaning changes: they are kept (untagged: keep)`
    : 'no rule selects untagged images: ECR keeps them, and so does untagged: keep';
}

function unmatchedNotes(anyRule: LifecycleRule | undefined): string[] {
  const notes = ['any tagged digest that matches no lineage is kept: unmatched: keep'];
  if (anyRule) notes.push(`meaning changes: ${ruleLabel(anyRule)} (any) would expire such digests; set unmatched: expire to delete them all instead`);
  return notes;
}

export interface FoundPolicy {
  readonly repository: string;
  readonly text: string;
}

/**
 * Repositories grouped by lifecycle policy: the same policy whatever its whitespace or key order (the parsed rules,
 * serialized in priority order, are the key). Groups and their repositories are in name order.
 */
export function groupByPolicy(found: readonly (FoundPolicy & { readonly policy: LifecyclePolicy })[]): { policy: LifecyclePolicy; repositories: string[] }[] {
  const groups = new Map<string, { policy: LifecyclePolicy; repositories: string[] }>();
  for (const { repository, policy } of [...found].sort((a, b) => (a.repository < b.repository ? -1 : 1))) {
    const key = JSON.stringify(policy.rules);
    const group = groups.get(key) ?? { policy, repositories: [] };
    group.repositories.push(repository);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * `lifecycle-shop-web`: each group's config policy name, from its first repository; `-2`, `-3` … when two names
 * collide (`shop/web` and `shop-web`), since names must be unique across the config.
 */
export function policyNames(groups: readonly { readonly repositories: readonly string[] }[]): string[] {
  const taken = new Set<string>();
  return groups.map(({ repositories }) => {
    const base = `lifecycle-${(repositories[0] ?? 'policy').replace(/[^a-z0-9]+/gi, '-')}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    return name;
  });
}
