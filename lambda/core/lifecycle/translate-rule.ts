/**
 * One lifecycle rule in the config's terms (README "Configuration reference"), with a note wherever the meaning
 * changes. A tagged rule becomes a lineage, an untagged rule the policy's `untagged`; what has no counterpart (archive
 * transitions, rules on archived images, `any` rules) becomes a note saying why it is not translated.
 */
import type { LifecycleRule, LifecycleSelection } from './policy';
import { ruleLabel } from './policy';

export interface KeepDraft {
  readonly newest?: number;
  readonly pushedWithin?: string;
}

export type RuleDraft =
  | { readonly kind: 'lineage'; readonly name: string; readonly tags: string; readonly keep: KeepDraft; readonly notes: readonly string[] }
  | { readonly kind: 'untagged'; readonly keep: KeepDraft; readonly notes: readonly string[] }
  | { readonly kind: 'untranslated'; readonly notes: readonly string[] };

export function translateRule(rule: LifecycleRule, earlierTaggedRules: number): RuleDraft {
  const { selection, action } = rule;
  const label = `${ruleLabel(rule)}: ${describeSelection(selection)}`;
  if (action.type === 'transition') {
    return untranslated(label, 'archives images (transition): ecr-retention never archives, and archiving a live image breaks its pulls as surely as deleting it; not translated');
  }
  if (selection.storageClass === 'archive') {
    return untranslated(label, 'expires archived images: ecr-retention never deletes archived images (README "The promise"); not translated');
  }
  if (selection.tagStatus === 'any') {
    return untranslated(label, 'applies to every image no earlier rule takes: the config has no catch-all condition; images in no lineage follow `unmatched` and `untagged` below; not translated');
  }
  const keep = keepOf(selection);
  if (selection.tagStatus === 'untagged') {
    return { kind: 'untagged', keep, notes: [label, ...untaggedNotes(selection)] };
  }
  return { kind: 'lineage', name: `rule-${rule.rulePriority}`, tags: tagsRegex(selection), keep, notes: [label, ...lineageNotes(selection, earlierTaggedRules)] };
}

function untranslated(label: string, why: string): RuleDraft {
  return { kind: 'untranslated', notes: [`${label}: ${why}`] };
}

/** imageCountMoreThan N → keep the newest N; sinceImagePushed N days → keep those pushed within Nd. */
function keepOf(selection: LifecycleSelection): KeepDraft {
  return selection.countType === 'imageCountMoreThan' ? { newest: selection.countNumber } : { pushedWithin: `${selection.countNumber}d` };
}

function lineageNotes(selection: LifecycleSelection, earlierTaggedRules: number): string[] {
  const notes: string[] = [];
  const list = selection.tagPatternList ?? selection.tagPrefixList ?? [];
  if (list.length > 1) notes.push(`meaning changes: ECR takes only images carrying a tag for every one of ${list.length} entries; a lineage takes every digest with one tag matching any of them`);
  if (selection.countType === 'imageCountMoreThan') notes.push('ranked by push time, as ECR ranks: a digest re-tagged later (a rollback target pushed long ago) ranks by its old push; orderBy: version (named captures) ranks it by its tag, orderBy: taggedAt by re-tags seen from the first run on');
  if (earlierTaggedRules > 0) notes.push('meaning changes: ECR lets the first rule whose tags match decide an image alone; a digest in several lineages is kept if any of them keeps it');
  return notes;
}

function untaggedNotes(selection: LifecycleSelection): string[] {
  const counted = selection.countType === 'imageCountMoreThan' ? 'counted or expired' : 'expired';
  return [`meaning changes: index members and referrers are not ${counted} here: they follow their index or subject (ECR treats them as untagged images: a multi-arch image loses its platform manifests)`];
}

/**
 * The config's regexes match the whole tag (anchored), so a prefix is `prefix.*`, and a pattern's `*` is `.*` with
 * everything else literal. Several entries become one alternation.
 */
export function tagsRegex(selection: LifecycleSelection): string {
  const entries = selection.tagPatternList
    ? selection.tagPatternList.map((pattern) => pattern.split('*').map(escapeRegex).join('.*'))
    : (selection.tagPrefixList ?? []).map((prefix) => `${escapeRegex(prefix)}.*`);
  return entries.length === 1 ? (entries[0] as string) : `(?:${entries.join('|')})`;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

export function describeSelection(selection: LifecycleSelection): string {
  const tags = selection.tagPatternList ? ` tagPatternList ${JSON.stringify(selection.tagPatternList)}`
    : selection.tagPrefixList ? ` tagPrefixList ${JSON.stringify(selection.tagPrefixList)}` : '';
  const archived = selection.storageClass === 'archive' ? ' (archived)' : '';
  const count = selection.countType === 'imageCountMoreThan' ? `imageCountMoreThan ${selection.countNumber}` : `${selection.countType} ${selection.countNumber} days`;
  return `${selection.tagStatus}${tags}${archived}, ${count}`;
}
