/**
 * zod issues → `{ path, message }` lines a person can act on. Two cases zod leaves vague are made precise: a missing
 * required key ("is required" rather than "expected string, received undefined") and a union (`untagged`, `live.ecs`):
 * when the value has the shape of one alternative, that alternative's own problems are reported; otherwise the message
 * lists what would be accepted.
 */
import type { core } from 'zod';

type Issue = core.$ZodIssue;

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** Passed to safeParse: zod then reports a missing key as such. */
export const reportMissingKeys = { error: (issue: core.$ZodRawIssue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) };

export function describeIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union') return [{ path: formatPath(path), message: issue.message }];
    const shaped = issue.errors.filter((branch) => branch.length > 0 && branch.every(acceptsTheShape));
    if (shaped.length === 1) return describeIssues(shaped[0] as Issue[], path);
    return [{ path: formatPath(path), message: `expected ${issue.errors.map(acceptedBy).join(' or ')}` }];
  });
}

/** An issue that does not reject the value's type as a whole: the value is this alternative with a mistake in it. */
function acceptsTheShape(issue: Issue): boolean {
  return issue.path.length > 0 || (issue.code !== 'invalid_type' && issue.code !== 'invalid_value');
}

/** What one union alternative accepts, read from its complaint about the value as a whole. */
function acceptedBy(branch: readonly Issue[]): string {
  const root = branch.find((issue) => issue.path.length === 0);
  if (root?.code === 'invalid_value') return root.values.map((value) => JSON.stringify(value)).join(', ');
  if (root?.code === 'invalid_type') return `${/^[aeiou]/.test(root.expected) ? 'an' : 'a'} ${root.expected}`;
  return 'another value';
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}
