/**
 * Whether a state document (state-document.ts) is one this version can read whole: checked with zod when read, and
 * before it is written. The frame is checked whole; each repository's rows are checked on their own, because zod
 * builds a copy of what it checks, and a copy of 1.5 million rows at once would add ~280 MB to a run's peak memory
 * (bench/state-store.ts). Indexes are checked against the digest table, which no schema can see.
 */
import { z } from 'zod';
import { describeIssues, reportMissingKeys } from '../../config/zod-issues';
import { STATE_VERSION } from '../../core/state';
import type { StateDocument } from './state-document';

/**
 * A sha256 digest without its prefix, or a whole digest of another algorithm (OCI image spec, "Digests": a sha256
 * digest's encoded part "MUST match /[a-f0-9]{64}/", so `sha256:` is never kept with anything else).
 */
const DIGEST_ENTRY = /^(?:[0-9a-f]{64}|(?!sha256:)[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+)$/;
/** A region is part of an object key: only what region names are made of. */
export const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const name = z.string().min(1, { error: 'expected a name' });
const time = z.number().int({ error: 'expected epoch milliseconds' });
const index = z.number().int().nonnegative({ error: 'expected a digest index' });
const rows = z.record(name, z.array(z.unknown()));

const frameSchema = z.object({
  version: z.literal(STATE_VERSION),
  region: z.string().regex(REGION, { error: 'expected a region name' }),
  writtenAt: time,
  digests: z.array(z.string().regex(DIGEST_ENTRY, { error: 'expected 64 lowercase hex digits, or algorithm:encoded' })),
  tags: rows,
  candidates: rows,
  journal: rows,
  // Added after version 1 was published, without a bump: optional, and a reader from before it ignores it (zod drops unknown keys).
  lifecyclePolicies: z.record(name, z.tuple([time, z.union([z.literal(0), z.literal(1)])])).optional(),
});

type Section = 'tags' | 'candidates' | 'journal';

/** Each section's rows, and where in a row its digest indexes are. */
const sections: Readonly<Record<Section, { readonly schema: z.ZodType; readonly indexes: readonly number[] }>> = {
  tags: { schema: z.array(z.tuple([name, index, time])), indexes: [1] },
  candidates: { schema: z.array(z.tuple([index, time])), indexes: [0] },
  journal: { schema: z.array(z.tuple([index, index, name.optional()])), indexes: [0, 1] },
};

export type Checked = { readonly document: StateDocument } | { readonly problems: string };

/** The first few problems (a handful is enough to act on and keeps the message readable), and how many there were. */
class Problems {
  readonly first: string[] = [];
  count = 0;

  add(problem: string): void {
    this.count += 1;
    if (this.first.length < 3) this.first.push(problem);
  }

  addIssues(issues: z.ZodError['issues'], prefix: readonly PropertyKey[]): void {
    for (const p of describeIssues(issues, prefix)) this.add(p.path ? `${p.path}: ${p.message}` : p.message);
  }

  toString(): string {
    return this.first.join('; ') + (this.count > 3 ? `; and ${this.count - 3} more` : '');
  }
}

/** The document if it is one this version can read whole; else its first problems, for a person to act on. */
export function checkDocument(json: unknown): Checked {
  const problems = new Problems();
  const frame = frameSchema.safeParse(json, reportMissingKeys);
  if (!frame.success) {
    problems.addIssues(frame.error.issues, []);
    return { problems: problems.toString() };
  }
  // What zod checked is used as it came: the schemas transform nothing, and their copies are garbage at once.
  const document = json as StateDocument;
  for (const section of ['tags', 'candidates', 'journal'] as const) {
    for (const [repository, list] of Object.entries(document[section])) checkRows(document, section, repository, list, problems);
  }
  return problems.count > 0 ? { problems: problems.toString() } : { document };
}

function checkRows(document: StateDocument, section: Section, repository: string, list: readonly (readonly unknown[])[], problems: Problems): void {
  const { schema, indexes } = sections[section];
  const parsed = schema.safeParse(list, reportMissingKeys);
  if (!parsed.success) {
    problems.addIssues(parsed.error.issues, [section, repository]);
    return;
  }
  const size = document.digests.length;
  list.forEach((row, i) => {
    for (const at of indexes) {
      const value = row[at] as number;
      if (value >= size) problems.add(`${section}.${repository}[${i}][${at}]: no digest at index ${value} (the table has ${size})`);
    }
  });
}

/** The version a document says it has, when that is a number (a newer one is refused before its shape is judged). */
export function versionOf(json: unknown): number | undefined {
  const version = (json as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? version : undefined;
}
