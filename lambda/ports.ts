/**
 * The ports the pipeline (run.ts) declares and the adapters implement. Adapters own pagination, batching,
 * retries and concurrency; the pipeline only sees these shapes.
 */
import type { Digest, Inventory, JournalEntry, LiveReference, LiveSourceName } from './core/model';
import type { LiveSettings } from './core/policy';

/** One configuration document: an SSM parameter (name = parameter name) or a file (name = path). */
export interface ConfigDocument {
  readonly name: string;
  readonly text: string;
}

export interface ConfigSource {
  /** Every document under the configured path. Throws ConfigSourceError when they cannot be read. */
  load(): Promise<readonly ConfigDocument[]>;
}

export interface InventorySource {
  /** Every repository and image (archived included) of the account and region. Throws when incomplete. */
  collect(): Promise<Inventory>;
}

/**
 * A live source. `collect` resolves only when the source was read completely; anything else throws
 * (LiveSourceError names what could not be read), and the pipeline then deletes nothing.
 */
export interface LiveSource {
  readonly name: LiveSourceName;
  /** Whether the settings ask for this source at all. */
  enabled(settings: LiveSettings): boolean;
  collect(settings: LiveSettings): Promise<readonly LiveReference[]>;
}

/** One digest to delete, with the tags it carried when the plan was made. */
export interface DeletionRequest {
  readonly repository: string;
  readonly digest: Digest;
  readonly expectedTags: readonly string[];
  /**
   * 0 for a digest deleted for its own sake, n+1 for a child or referrer of a wave-n deletion. ECR refuses to delete a
   * child while an index still references it, even in the same call, so a deleter never mixes waves in one call.
   */
  readonly wave: number;
  /**
   * The planned deletions this one follows out (its parents, same repository). If any of them is not deleted in this
   * run — skipped because a deploy re-tagged it, or failed — neither is this one: a signature must not go while the
   * image it signs stays.
   */
  readonly follows: readonly Digest[];
}

export interface DeletionFailure {
  readonly repository: string;
  readonly digest: Digest;
  /** ECR failureCode (ImageReferencedByManifestList, ...) or the exception name. */
  readonly code: string;
  readonly message: string;
}

export interface DeletionSkip {
  readonly repository: string;
  readonly digest: Digest;
  /** Why it was not attempted, e.g. its tags changed since planning. */
  readonly reason: string;
}

export interface DeletionOutcome {
  readonly deleted: readonly DeletionRequest[];
  readonly skipped: readonly DeletionSkip[];
  readonly failed: readonly DeletionFailure[];
}

/**
 * Deletes digests in the order given (the planner orders parents before children). Per-item failures are
 * recorded, not thrown. Plan mode uses a recorder with the same interface.
 */
export interface Deleter {
  delete(requests: readonly DeletionRequest[]): Promise<DeletionOutcome>;
}

/**
 * The deletion journal (core/journal.ts): written before a deleting run's first deletion, read by every run. One
 * document, replaced whole. In S3 for the Lambda; absent for a CLI run that names no store.
 */
export interface JournalStore {
  /** The entries the last deleting run wrote; none when there is no journal yet. Throws JournalError when unreadable. */
  read(): Promise<readonly JournalEntry[]>;
  /** Replaces the journal. Throws JournalError when it could not be written. */
  write(entries: readonly JournalEntry[]): Promise<void>;
}

export interface Notifier {
  publish(message: { readonly subject: string; readonly body: string }): Promise<void>;
}

/** Structured logs and metrics: Powertools in the Lambda, stderr in the CLI, a recorder in tests. */
export interface Telemetry {
  info(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  warn(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  error(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  metric(name: string, unit: 'Count' | 'Bytes' | 'Milliseconds', value: number): void;
}
