/**
 * Lifecycle policy JSON text → a LifecyclePolicy, or every problem at once (`rules[1].selection.countUnit: …`). The
 * text is what GetLifecyclePolicy returns; ECR validated it when it was put, so an error here is either a policy
 * written by hand for a comparison, or a field newer than this code: either way nothing is evaluated on a guess.
 */
import type { LifecyclePolicy, LifecycleRule } from './policy';
import { checkRule, checkRules } from './rule-checks';
import { readRule } from './rule-fields';

export interface LifecyclePolicyIssue {
  /** `rules[0].selection.countNumber`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export type LifecyclePolicyResult =
  | { readonly ok: true; readonly policy: LifecyclePolicy }
  | { readonly ok: false; readonly issues: readonly LifecyclePolicyIssue[] };

export function parseLifecyclePolicy(text: string): LifecyclePolicyResult {
  const issues: LifecyclePolicyIssue[] = [];
  const report = (path: string, message: string) => void issues.push({ path, message });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const rules = readRules(document, report);
  if (issues.length > 0 || rules.length === 0) return { ok: false, issues };
  for (const { rule, path } of rules) checkRule(rule, path, report);
  checkRules(rules, report);
  if (issues.length > 0) return { ok: false, issues };
  const ordered = rules.map(({ rule }) => rule).sort((a, b) => a.rulePriority - b.rulePriority);
  return { ok: true, policy: { rules: ordered } };
}

function readRules(document: unknown, report: (path: string, message: string) => void): { rule: LifecycleRule; path: string }[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    report('', 'must be a JSON object with "rules"');
    return [];
  }
  const { rules, ...rest } = document as Record<string, unknown>;
  for (const key of Object.keys(rest)) report(key, 'unknown field (a lifecycle policy holds only "rules")');
  if (!Array.isArray(rules) || rules.length === 0) {
    report('rules', 'must be a non-empty list of rules');
    return [];
  }
  return rules.flatMap((value, i) => {
    const rule = readRule(value, `rules[${i}]`, report);
    return rule ? [{ rule, path: `rules[${i}]` }] : [];
  });
}

/** One line per issue: `rules[0].selection.countNumber: must be a positive whole number, not 0`. */
export function formatLifecycleIssues(issues: readonly LifecyclePolicyIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}
