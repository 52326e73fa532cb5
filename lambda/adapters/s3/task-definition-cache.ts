/**
 * Task definitions earlier runs described, by full ARN (ports.ts TaskDefinitionCache), one gzipped document per
 * region: `<prefix><region>/task-definitions.json.gz`, `{ version: 1, region, definitions: { <arn>: { family,
 * revision, containers } } }`. ECS never reuses a revision, so an ARN's containers never change and need not be
 * described again: DescribeTaskDefinition shares ECS's smallest rate bucket (burst 50, 20/s), which is what bounds a
 * large account's run.
 *
 * Saved as the run goes (at most every `saveEveryMs` after a put, never two saves at once), so that a run the Lambda
 * deadline stops leaves what it described to the next. A complete save also forgets every ARN this run did not ask
 * for: a task definition nothing lists any more expires from the cache at the first complete run without it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { describeIssues, reportMissingKeys } from '../../config/zod-issues';
import type { CachedTaskDefinition, TaskDefinitionCache } from '../../ports';
import { StateError } from '../common/errors';
import { TASK_DEFINITION_ARN } from '../ecs/common';
import { type GzipObject, locationOf, readGzipJson, writeGzipJson } from './gzip-object';
import { lazyS3Client, type S3ClientSource } from './lazy-s3';
import { versionOf } from './state-check';

export interface S3TaskDefinitionCacheOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
  /** The state's prefix, e.g. `state/`: the cache is `state/<region>/task-definitions.json.gz`. */
  readonly prefix: string;
  readonly region: string;
  /** After a put, save within this long (default 30 s; 0: as soon as the puts of one turn of the event loop are in). */
  readonly saveEveryMs?: number;
  readonly clock?: () => number;
}

export const CACHE_VERSION = 1;
export const DEFAULT_SAVE_EVERY_MS = 30_000;

const containerSchema = z.object({ name: z.string().optional(), image: z.string().optional() });
const definitionSchema = z.object({ family: z.string().min(1), revision: z.number().int().positive(), containers: z.array(containerSchema) });
const documentSchema = z.object({
  version: z.literal(CACHE_VERSION),
  region: z.string().min(1),
  definitions: z.record(z.string().regex(TASK_DEFINITION_ARN), definitionSchema),
});

export class S3TaskDefinitionCache implements TaskDefinitionCache {
  private readonly object: GzipObject;
  private readonly region: string;
  private readonly entries = new Map<string, CachedTaskDefinition>();
  /** ARNs this run got or put: what a complete save keeps. */
  private readonly asked = new Set<string>();
  private readonly saveEveryMs: number;
  private readonly clock: () => number;
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** Changes made, and changes the object holds: a save writes only when they differ. */
  private changes = 0;
  private savedChanges = 0;
  private lastSaveAt = 0;
  private saving: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: S3TaskDefinitionCacheOptions) {
    const s3: () => Promise<S3Client> = lazyS3Client(options.client);
    this.object = { s3, bucket: options.bucket, key: `${options.prefix}${options.region}/task-definitions.json.gz` };
    this.saveEveryMs = options.saveEveryMs ?? DEFAULT_SAVE_EVERY_MS;
    this.clock = options.clock ?? Date.now;
    this.region = options.region;
  }

  get location(): string {
    return locationOf(this.object);
  }

  /** Reads the cache once (a missing object is an empty cache); a corrupt or newer one throws StateError. */
  load(): Promise<void> {
    this.loading ??= this.loadNow();
    return this.loading;
  }

  get(arn: string): CachedTaskDefinition | undefined {
    this.asked.add(arn);
    return this.entries.get(arn);
  }

  /** Keeps a described definition; only an ARN with its revision names one for good (others are not kept). */
  put(arn: string, definition: CachedTaskDefinition): void {
    if (!TASK_DEFINITION_ARN.test(arn)) return;
    this.asked.add(arn);
    // A described ARN never changes (see above): a rule's target, described again every run, is no change to write.
    if (this.entries.has(arn)) return;
    this.entries.set(arn, { family: definition.family, revision: definition.revision, containers: definition.containers.map(withoutUndefined) });
    this.changes += 1;
    this.scheduleAutosave();
  }

  /** Writes what changed since the last save, after any save under way. Nothing is written unless the load succeeded. */
  save(options: { readonly complete?: boolean } = {}): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.saving.then(() => this.saveNow(options.complete === true));
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async loadNow(): Promise<void> {
    const json = await readGzipJson(this.object);
    if (json !== undefined) {
      for (const [arn, definition] of Object.entries(this.parse(json).definitions)) this.entries.set(arn, definition);
    }
    this.loaded = true;
    this.lastSaveAt = this.clock();
  }

  private parse(json: unknown): z.infer<typeof documentSchema> {
    const version = versionOf(json);
    if (version !== undefined && version > CACHE_VERSION) {
      throw new StateError(`read ${this.location}: written by a newer version (${version}); refusing to read it`);
    }
    const parsed = documentSchema.safeParse(json, reportMissingKeys);
    if (!parsed.success) {
      const problems = describeIssues(parsed.error.issues).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
      const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
      throw new StateError(`read ${this.location}: not a task-definition cache (delete it to start afresh): ${problems.slice(0, 3).join('; ')}${more}`);
    }
    return parsed.data;
  }

  private async saveNow(complete: boolean): Promise<void> {
    // Never loaded, or refused (corrupt, newer): writing would replace what this run could not read.
    if (!this.loaded) return;
    if (complete) this.forgetUnasked();
    if (this.changes === this.savedChanges) return;
    const changes = this.changes;
    this.lastSaveAt = this.clock();
    await writeGzipJson(this.object, { version: CACHE_VERSION, region: this.region, definitions: Object.fromEntries(this.entries) });
    this.savedChanges = changes;
  }

  private forgetUnasked(): void {
    for (const arn of this.entries.keys()) {
      if (this.asked.has(arn)) continue;
      this.entries.delete(arn);
      this.changes += 1;
    }
  }

  /** One pending autosave at a time; a failed one is left to the next save, which reports its own failure. */
  private scheduleAutosave(): void {
    if (this.timer || !this.loaded) return;
    const wait = Math.max(0, this.lastSaveAt + this.saveEveryMs - this.clock());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch(() => undefined);
    }, wait);
    // A pending autosave must not keep a finished process (the CLI, a test) alive.
    this.timer.unref();
  }
}

function withoutUndefined(container: CachedTaskDefinition['containers'][number]): { name?: string; image?: string } {
  return { ...(container.name === undefined ? {} : { name: container.name }), ...(container.image === undefined ? {} : { image: container.image }) };
}
