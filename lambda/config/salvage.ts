/**
 * What can still be checked in a document its schema rejected. The schema judges a document as a whole, but its
 * parts are independent: a settings key, a policy, a lineage, a regex. Each part that is well-formed on its own is
 * kept, so the checks that run after the schema (regexes compile, `groupBy` names a capture, names are unique,
 * settings keys are set once) still run on it, and one reading of the config reports every error, not only those of
 * the first stage that failed. A salvaged document is only ever checked: a rejected document never becomes config.
 */
import type { z } from 'zod';
import { lineageSchema, policySchema, settingsSchema, type LineageBody, type PolicyBody, type SettingsBody } from './schema';

/** The well-formed fields of a lineage the schema rejected (a whole lineage body fits too). */
export interface LineageParts {
  readonly name?: string;
  readonly tags?: string;
  readonly orderBy?: LineageBody['orderBy'];
  readonly groupBy?: string;
}

/** The well-formed parts of a policy the schema rejected; `undefined` marks a rejected item and keeps indices. */
export interface PolicyParts {
  readonly name?: string;
  readonly protect?: readonly (string | undefined)[];
  readonly lineages?: readonly (LineageParts | undefined)[];
}

/** One policy of a document: accepted as a whole, or only parts of it. */
export type PolicyEntry =
  | { readonly index: number; readonly complete: true; readonly policy: PolicyBody }
  | { readonly index: number; readonly complete: false; readonly policy: PolicyParts };

export interface SalvagedDocument {
  readonly settings: SettingsBody;
  readonly policies: readonly PolicyEntry[];
}

export function salvage(value: unknown): SalvagedDocument {
  const body = asRecord(value);
  return { settings: salvageSettings(body?.settings), policies: salvagePolicies(body?.policies) };
}

/** The settings keys whose value passes its own schema: enough to tell whether another document sets them too. */
function salvageSettings(value: unknown): SettingsBody {
  const settings: Record<string, unknown> = {};
  const shape: Record<string, z.ZodType> = settingsSchema.shape;
  for (const [key, field] of Object.entries(asRecord(value) ?? {})) {
    const parsed = Object.hasOwn(shape, key) ? shape[key]?.safeParse(field) : undefined;
    if (parsed?.success) settings[key] = parsed.data;
  }
  return settings as SettingsBody;
}

function salvagePolicies(value: unknown): PolicyEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw: unknown, index): PolicyEntry => {
    const parsed = policySchema.safeParse(raw);
    if (parsed.success) return { index, complete: true, policy: parsed.data };
    const policy = asRecord(raw);
    const protect = Array.isArray(policy?.protect) ? policy.protect.map((source: unknown) => field(policySchema.shape.protect.unwrap().element, source)) : undefined;
    const lineages = Array.isArray(policy?.lineages) ? policy.lineages.map(salvageLineage) : undefined;
    return { index, complete: false, policy: { name: field(policySchema.shape.name, policy?.name), protect, lineages } };
  });
}

function salvageLineage(value: unknown): LineageParts | undefined {
  const lineage = asRecord(value);
  if (!lineage) return undefined;
  const { shape } = lineageSchema;
  return {
    name: field(shape.name, lineage.name),
    tags: field(shape.tags, lineage.tags),
    orderBy: field(shape.orderBy, lineage.orderBy),
    groupBy: field(shape.groupBy, lineage.groupBy),
  };
}

/** The value if it passes the field's own schema, else undefined: a rejected field is left out, never guessed. */
function field<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
