/**
 * The snapshot file: one collection of an account (inventory, live references, failed sources, journal) plus the config
 * documents it was collected with, so that `plan --from` reproduces the plan offline, as of `collectedAt`.
 * Reading validates the whole shape: a hand-edited or truncated file is a clear usage error, not a wrong plan.
 */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CollectedAccount, JournalEntry } from '../lambda/core/model';
import type { ConfigDocument } from '../lambda/ports';
import { readText } from './config-documents';
import { formatPath } from '../lambda/config/zod-issues';
import { UsageError } from './errors';

export const SNAPSHOT_FORMAT = 'ecr-retention-snapshot/1';

export interface Snapshot extends Omit<CollectedAccount, 'journal'> {
  /** Absent from snapshots made before there was a journal, and when it is empty. */
  readonly journal?: readonly JournalEntry[];
  readonly format: typeof SNAPSHOT_FORMAT;
  /** ISO 8601. Plans made from the snapshot are made as of this time. */
  readonly collectedAt: string;
  readonly accountId: string;
  readonly region: string;
  readonly config: readonly ConfigDocument[];
}

const sourceName = z.enum(['ecs', 'eks', 'lambda', 'batch']);

const imageRecord = z.object({
  repository: z.string(),
  digest: z.string(),
  tags: z.array(z.string()),
  pushedAt: z.number(),
  lastPulledAt: z.number().optional(),
  sizeBytes: z.number(),
  manifestMediaType: z.string().optional(),
  artifactMediaType: z.string().optional(),
  childDigests: z.array(z.string()),
  subjectDigest: z.string().optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'ACTIVATING']),
});

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  collectedAt: z.iso.datetime(),
  accountId: z.string(),
  region: z.string(),
  config: z.array(z.object({ name: z.string(), text: z.string() })),
  inventory: z.object({
    accountId: z.string(),
    region: z.string(),
    repositories: z.array(z.object({ name: z.string(), registryId: z.string(), arn: z.string().optional() })),
    images: z.array(imageRecord),
    registryHosts: z.array(z.string()).optional(),
  }),
  references: z.array(z.object({ source: sourceName, location: z.string(), image: z.string(), digest: z.string().optional() })),
  failedSources: z.array(z.object({ source: sourceName, message: z.string() })),
  sources: z.array(sourceName),
  journal: z.array(z.object({ repository: z.string(), digest: z.string(), parent: z.string() })).optional(),
  notes: z.array(z.object({ source: z.union([sourceName, z.literal('ecr')]), message: z.string() })).optional(),
});

export function toSnapshot(account: CollectedAccount, config: readonly ConfigDocument[], collectedAt: number): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    collectedAt: new Date(collectedAt).toISOString(),
    accountId: account.inventory.accountId,
    region: account.inventory.region,
    config,
    inventory: account.inventory,
    references: account.references,
    failedSources: account.failedSources,
    sources: account.sources,
    ...(account.journal.length ? { journal: account.journal } : {}),
    ...(account.notes?.length ? { notes: account.notes } : {}),
  };
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  try {
    await writeFile(path, serializeSnapshot(snapshot), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export async function readSnapshot(path: string): Promise<Snapshot> {
  return parseSnapshot(path, await readText(path));
}

/** `inventory.images[3].digest` */
export function parseSnapshot(path: string, text: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not a snapshot: invalid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new UsageError(`${path} is not an ${SNAPSHOT_FORMAT} snapshot: ${formatPath(first?.path ?? []) || '(file)'}: ${first?.message ?? 'invalid'}${more}`);
  }
  return parsed.data;
}
