/**
 * The ports the pipeline (run.ts) declares and the adapters implement. Adapters own pagination, batching,
 * retries and concurrency; the pipeline only sees these shapes.
 */
import type { Inventory, LiveReference, LiveSourceName, SourceNote } from './core/model';
import type { ImportedExport, LifecyclePolicyAnswers, LiveSetExport } from './core/collected';
import type { DeletionOutcome } from './core/outcome';
import type { Deletion } from './core/plan';
import type { LiveSettings } from './core/policy';
import type { RegionState } from './core/collected';

/** One configuration document: an SSM parameter (name = parameter name) or a file (name = path). */
export interface ConfigDocument {
  readonly name: string;
  readonly text: string;
}

export interface ConfigSource {
  /** Every document under the configured path. Throws ConfigSourceError when they cannot be read. */
  load(): Promise<readonly ConfigDocument[]>;
}

/** Where a source reports a fact that is not a failure (core/model SourceNote). */
export type NoteSink = (note: SourceNote) => void;

export interface InventorySource {
  /** Every repository and image (archived included) of the account and region. Throws when incomplete. */
  collect(note?: NoteSink): Promise<Inventory>;
}

/** The settings each live source receives: its own, and nothing else. */
export interface SourceSettings {
  readonly ecs: NonNullable<LiveSettings['ecs']>;
  readonly eks: NonNullable<LiveSettings['eks']>;
  readonly lambda: Record<string, never>;
  readonly batch: Record<string, never>;
}

/**
 * A live source. `collect` resolves only when the source was read completely; anything else throws
 * (LiveSourceError names what could not be read), and the pipeline then deletes nothing.
 */
export interface LiveSource<N extends LiveSourceName = LiveSourceName> {
  readonly name: N;
  collect(settings: SourceSettings[N], note?: NoteSink): Promise<readonly LiveReference[]>;
}

/** Every live source of the pipeline, by name. */
export type LiveSources = { readonly [N in LiveSourceName]: LiveSource<N> };

/** The adapters of one region: its registry and its live sources. */
export interface RegionalSources {
  readonly inventory: InventorySource;
  readonly liveSources: LiveSources;
  /** Asks which repositories have an ECR lifecycle policy (core/coexistence.ts); absent: nobody asks. */
  readonly lifecyclePolicies?: LifecyclePolicyChecker;
}

export interface LifecyclePolicyChecker {
  /**
   * Lists the registry's repositories and asks whether each one `choose` picks has a lifecycle policy: its own
   * listing, so that the checks run alongside the inventory instead of after it. Never throws: the first call that
   * fails (after the SDK's retries) stops the checks, and the answers so far come back with why.
   */
  check(choose: (repositories: readonly string[]) => readonly string[]): Promise<LifecyclePolicyAnswers>;
}

export interface RegionLister {
  /** Every region enabled in the account (opted in, or enabled by default). Throws when they cannot be listed. */
  enabledRegions(): Promise<readonly string[]>;
}

/** The exchange bucket (DESIGN.md "Regions and accounts"): every account's live-set export, `live/<id>.json`. */
export interface ExchangeStore {
  /**
   * Every export under `live/`, each read and checked (a bad one is `unusable`, with why), except `live/<own>.json`
   * once `own` (this account's id) is known: decide() never imports an account's own export. Throws when the bucket
   * cannot be listed.
   */
  readAll(own?: Promise<string>): Promise<readonly ImportedExport[]>;
  /** Replaces `live/<id>.json` with the document, whole. Throws ExchangeError when it could not be written. */
  write(document: LiveSetExport): Promise<void>;
}

export interface ExchangeAccess {
  /** The bucket the deployment names (EXCHANGE_BUCKET); `settings.exchange.bucket` overrides it. */
  readonly defaultBucket?: string;
  open(bucket: string): ExchangeStore;
}

/**
 * Deletes digests in the order given (the planner orders every parent before its attachments). Per-item failures
 * are recorded, not thrown. Plan mode uses the recorder, which has the same interface and deletes nothing.
 */
export interface Deleter {
  delete(deletions: readonly Deletion[]): Promise<DeletionOutcome>;
}

/**
 * The state store (core/state.ts), one document per region, replaced whole by every run: read at the start, written
 * before the first deletion (it holds the journal). In S3 for the Lambda; absent for a CLI run that names none.
 */
export interface StateStore {
  /**
   * Each region's state; a region without one yet is absent from the map. Throws StateError when a state cannot be
   * read, is corrupt, or was written by a newer schema version (refused, never misread).
   */
  read(regions: readonly string[]): Promise<ReadonlyMap<string, RegionState>>;
  /** Replaces the region's state. Throws StateError when it could not be written. */
  write(state: RegionState): Promise<void>;
}

/** A task definition's container images as written (never digests resolved from tags: tags move). */
export interface CachedTaskDefinition {
  readonly family: string;
  readonly revision: number;
  readonly containers: readonly { readonly name?: string; readonly image?: string }[];
}

/**
 * Task definitions already described, by full ARN: ECS never reuses a revision (DeleteTaskDefinitions: "the revision
 * is incremented the next time you create a task definition with that name"), so a described ARN never changes.
 * Loaded before the first describe, saved as the run goes so that a run stopped by the deadline leaves its progress.
 */
export interface TaskDefinitionCache {
  load(): Promise<void>;
  get(arn: string): CachedTaskDefinition | undefined;
  put(arn: string, definition: CachedTaskDefinition): void;
  /** Writes what was added since the last save (and forgets ARNs not asked for this run, once the run is complete). */
  save(options?: { readonly complete?: boolean }): Promise<void>;
}

/** Where each run's report page goes (lambda/report/html): the Lambda's bucket. */
export interface ReportStore {
  /** Writes the page and answers where it is (an s3:// URI). Throws ReportError when it could not be written. */
  write(runId: string, html: string): Promise<string>;
}

export interface Notifier {
  publish(message: { readonly subject: string; readonly body: string }): Promise<void>;
}

/** Structured logs and metrics: Powertools in the Lambda, stderr in the CLI, a recorder in tests. */
export interface Telemetry {
  info(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  warn(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  error(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  /** `dimensions`: a metric of its own with these dimensions (a region's), besides the run's totals. */
  metric(name: string, unit: 'Count' | 'Bytes' | 'Milliseconds', value: number, dimensions?: Readonly<Record<string, string>>): void;
}
