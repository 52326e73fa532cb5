/**
 * Config documents → a validated RetentionConfig, or every problem at once: which document, which field, what is
 * wrong. Documents are read in name order; `policies` concatenate; each settings key may come from one document only.
 */
import { parseDocument } from 'yaml';
import type { RetentionConfig } from '../core/policy';
import type { ConfigDocument } from '../ports';
import { compilePolicies, compileSettings, type PolicySource } from './compile';
import type { ConfigIssue } from './issues';
import { salvage, type SalvagedDocument } from './salvage';
import { documentSchema, type SettingsBody } from './schema';
import { describeIssues, reportMissingKeys } from './zod-issues';

export { formatPath } from './zod-issues';
// Callers read a config through this module; the issue type and its formatting live in issues.ts.
export { formatConfigIssues, type ConfigIssue } from './issues';

export type ConfigResult = { readonly ok: true; readonly config: RetentionConfig } | { readonly ok: false; readonly errors: readonly ConfigIssue[] };

/** SSM's advanced tier holds 8 KB per parameter; a larger document cannot have come from SSM intact. */
export const MAX_DOCUMENT_BYTES = 8192;

export function parseConfig(documents: readonly ConfigDocument[]): ConfigResult {
  if (documents.length === 0) {
    return { ok: false, errors: [{ document: '(none)', path: '', message: 'no config documents found: nothing would be governed; create at least one parameter with policies' }] };
  }
  const issues: ConfigIssue[] = [];
  const bodies: { name: string; body: SalvagedDocument }[] = [];
  for (const document of [...documents].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const body = readDocument(document, issues);
    if (body) bodies.push({ name: document.name, body });
  }
  const settings = mergeSettings(bodies, issues);
  const policySources: PolicySource[] = bodies.flatMap(({ name, body }) => body.policies.map((entry) => ({ document: name, ...entry })));
  const compiledSettings = compileSettings(settings);
  const policies = compilePolicies(policySources, issues);
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, config: { settings: compiledSettings, policies } };
}

/**
 * One document: size, YAML (or JSON) syntax, emptiness, schema. Problems go to `issues`; undefined when nothing in it
 * can be checked further. A document the schema rejects still yields its well-formed parts (salvage.ts).
 */
function readDocument(document: ConfigDocument, issues: ConfigIssue[]): SalvagedDocument | undefined {
  const issue = (path: string, message: string) => issues.push({ document: document.name, path, message });
  const bytes = Buffer.byteLength(document.text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    issue('', `the document is ${bytes} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit of an SSM parameter; split it into several parameters`);
    return undefined;
  }
  const yaml = parseDocument(document.text, { prettyErrors: true, uniqueKeys: true });
  if (yaml.errors.length > 0) {
    for (const error of yaml.errors) issue('', `invalid YAML: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}`);
    return undefined;
  }
  const value: unknown = yaml.toJS();
  if (value === null || value === undefined) {
    issue('', 'the document is empty: it needs `settings`, `policies` or both');
    return undefined;
  }
  const parsed = documentSchema.safeParse(value, reportMissingKeys);
  if (!parsed.success) {
    for (const problem of describeIssues(parsed.error.issues)) issue(problem.path, problem.message);
    return salvage(value);
  }
  const { settings, policies } = parsed.data;
  if (settings === undefined && policies === undefined) {
    issue('', 'the document is empty: it needs `settings`, `policies` or both');
    return undefined;
  }
  return { settings: settings ?? {}, policies: (policies ?? []).map((policy, index) => ({ index, complete: true, policy })) };
}

/** Each settings key may be set by one document; a second one is an error naming both. */
function mergeSettings(bodies: readonly { name: string; body: SalvagedDocument }[], issues: ConfigIssue[]): SettingsBody {
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const { name, body } of bodies) {
    for (const [key, value] of Object.entries(body.settings)) {
      if (value === undefined) continue;
      const first = owner.get(key);
      if (first !== undefined) {
        issues.push({ document: name, path: `settings.${key}`, message: `settings.${key} is already set by ${first}; set each settings key in one document only` });
        continue;
      }
      owner.set(key, name);
      merged[key] = value;
    }
  }
  return merged as SettingsBody;
}
