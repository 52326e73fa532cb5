/**
 * The snapshot file: one collection of an account (inventory, live references, failed sources, journal) plus the config
 * documents it was collected with, so that `plan --from` reproduces the plan offline, as of `collectedAt`.
 * Reading validates the whole shape: a hand-edited or truncated file is a clear usage error, not a wrong plan.
 */
import { z } from 'zod';
import type { CollectedAccount } from '../lambda/core/collected';
import type { ConfigDocument } from '../lambda/ports';
import { readText, writeText } from './config-documents';
import { formatPath } from '../lambda/config/zod-issues';
import { liveSetExportSchema, referenceSourceSchema } from '../lambda/exchange/export-schema';
import { UsageError } from './errors';

export const SNAPSHOT_FORMAT = 'ecr-retention-snapshot/2';
/** Snapshots of one region, made before runs covered several; read as an account of that one region. */
const SNAPSHOT_FORMAT_V1 = 'ecr-retention-snapshot/1';

export interface Snapshot extends CollectedAccount {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** ISO 8601. Plans made from the snapshot are made as of this time. */
  readonly collectedAt: string;
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

const replicationRule = z.object({
  destinations: z.array(z.object({ region: z.string(), registryId: z.string() })),
  repositoryPrefixes: z.array(z.string()),
  deletesReplicated: z.boolean(),
});

const inventory = z.object({
  accountId: z.string(),
  region: z.string(),
  repositories: z.array(z.object({ name: z.string(), registryId: z.string(), arn: z.string().optional() })),
  images: z.array(imageRecord),
  registryHosts: z.array(z.string()).optional(),
  replication: z.array(replicationRule).optional(),
});

const reference = z.object({ source: referenceSourceSchema, location: z.string(), image: z.string(), digest: z.string().optional(), region: z.string().optional() });
const failure = z.object({ source: sourceName, message: z.string(), region: z.string().optional() });
const note = z.object({ source: z.union([sourceName, z.literal('ecr'), z.literal('exchange')]), message: z.string(), region: z.string().optional() });
const journal = z.array(z.object({ region: z.string().optional(), repository: z.string(), digest: z.string(), parent: z.string() }));

const state = z.object({
  version: z.literal(1),
  region: z.string(),
  writtenAt: z.number(),
  tags: z.array(z.object({ repository: z.string(), tag: z.string(), digest: z.string(), firstSeen: z.number() })),
  candidates: z.array(z.object({ repository: z.string(), digest: z.string(), since: z.number() })),
  journal,
  lifecyclePolicies: z.array(z.object({ repository: z.string(), checkedAt: z.number(), hasPolicy: z.boolean() })).optional(),
});

const lifecyclePolicies = z.object({
  answers: z.array(z.object({ repository: z.string(), hasPolicy: z.boolean() })),
  creationTemplates: z.array(z.object({ prefix: z.string(), appliedFor: z.array(z.string()), hasLifecyclePolicy: z.boolean() })).optional(),
  error: z.string().optional(),
});

const region = z.object({
  inventory,
  references: z.array(reference),
  failedSources: z.array(failure),
  sources: z.array(sourceName),
  notes: z.array(note).optional(),
  state: state.optional(),
  lifecyclePolicies: lifecyclePolicies.optional(),
});

const problem = z.enum(['missing', 'unreadable', 'malformed', 'unknown-version', 'too-large', 'incomplete', 'stale']);
const exchange = z.object({
  bucket: z.string().optional(),
  expect: z.array(z.string()),
  maxAgeMs: z.number(),
  imports: z.array(z.union([
    z.object({ id: z.string(), kind: z.literal('read'), document: liveSetExportSchema }),
    z.object({ id: z.string(), kind: z.literal('unusable'), problem, message: z.string() }),
  ])),
  listError: z.string().optional(),
});

const configDocuments = z.array(z.object({ name: z.string(), text: z.string() }));

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  collectedAt: z.iso.datetime(),
  config: configDocuments,
  accountId: z.string(),
  homeRegion: z.string(),
  regions: z.array(region),
  unreadableRegions: z.array(z.object({ region: z.string(), message: z.string() })),
  journal,
  exchange: exchange.optional(),
});

const snapshotSchemaV1 = region.extend({
  format: z.literal(SNAPSHOT_FORMAT_V1),
  collectedAt: z.iso.datetime(),
  accountId: z.string(),
  region: z.string(),
  config: configDocuments,
  journal: journal.optional(),
});

export function toSnapshot(account: CollectedAccount, config: readonly ConfigDocument[], collectedAt: number): Snapshot {
  return { format: SNAPSHOT_FORMAT, collectedAt: new Date(collectedAt).toISOString(), config, ...account };
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeText(path, serializeSnapshot(snapshot));
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
  const format = (value as { format?: unknown } | null)?.format;
  if (format === SNAPSHOT_FORMAT_V1) return fromVersion1(path, value);
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success) throw invalid(path, SNAPSHOT_FORMAT, parsed.error.issues);
  return parsed.data;
}

function fromVersion1(path: string, value: unknown): Snapshot {
  const parsed = snapshotSchemaV1.safeParse(value);
  if (!parsed.success) throw invalid(path, SNAPSHOT_FORMAT_V1, parsed.error.issues);
  const { collectedAt, config, accountId, region: home, journal: entries, inventory: listed, references, failedSources, sources, notes } = parsed.data;
  const only = { inventory: listed, references, failedSources, sources, ...(notes ? { notes } : {}) };
  return { format: SNAPSHOT_FORMAT, collectedAt, config, accountId, homeRegion: home, regions: [only], unreadableRegions: [], journal: entries ?? [] };
}

function invalid(path: string, format: string, issues: readonly z.core.$ZodIssue[]): UsageError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : '';
  return new UsageError(`${path} is not an ${format} snapshot: ${formatPath(first?.path ?? []) || '(file)'}: ${first?.message ?? 'invalid'}${more}`);
}
