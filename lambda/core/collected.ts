/**
 * What the collect step turns an account into (plain data, as snapshots keep it): each covered region's inventory,
 * references, failures, notes and previous state; the regions that could not be read; the exports of the exchange
 * bucket. decide() turns it into a verdict. The image and reference model it is made of is model.ts.
 */
import type { Digest, Inventory, JournalEntry, LiveReference, LiveSourceName, ReferenceSource, SourceFailure, SourceNote } from './model';

/** What the collect step turns one region of the account into. */
export interface CollectedRegion {
  readonly inventory: Inventory;
  /** Every reference the region's live sources found, to any registry; each carries the region. */
  readonly references: readonly LiveReference[];
  readonly failedSources: readonly SourceFailure[];
  /** The live sources that were read (enabled by the settings). */
  readonly sources: readonly LiveSourceName[];
  /** What the sources noted along the way (not failures); absent from snapshots made before there were notes. */
  readonly notes?: readonly SourceNote[];
  /** What the previous run remembered of this region (core/state.ts); absent before the first run. */
  readonly state?: RegionState;
  /** This run's GetLifecyclePolicy answers (core/coexistence.ts); absent when none were asked. */
  readonly lifecyclePolicies?: LifecyclePolicyAnswers;
}

/** What a run asked ECR about lifecycle policies in one region (decide dates the answers with its `now`). */
export interface LifecyclePolicyAnswers {
  readonly answers: readonly { readonly repository: string; readonly hasPolicy: boolean }[];
  /** The registry's repository creation templates (absent when they could not be read, or before they were). */
  readonly creationTemplates?: readonly CreationTemplate[];
  /** Why the checks stopped before every repository asked was answered. */
  readonly error?: string;
}

/** A repository creation template: the settings ECR gives each repository it creates under `prefix`. */
export interface CreationTemplate {
  /** A namespace prefix (`prod` covers `prod/…`), or `ROOT`: every repository no other template covers. */
  readonly prefix: string;
  /** REPLICATION, PULL_THROUGH_CACHE, CREATE_ON_PUSH: when ECR creates repositories with it. */
  readonly appliedFor: readonly string[];
  readonly hasLifecyclePolicy: boolean;
}

/** Whether a repository had an ECR lifecycle policy when it was last asked. */
export interface LifecyclePolicyCheck {
  readonly repository: string;
  readonly checkedAt: number;
  readonly hasPolicy: boolean;
}

/** A covered region whose registry could not be listed: nothing can be planned there, and nothing is deleted anywhere. */
export interface RegionFailure {
  readonly region: string;
  readonly message: string;
}

/**
 * What the collect step turns an account into: plain data, which decide() turns into a verdict (and snapshots keep).
 * Every covered region, the journal, and what the exchange bucket held.
 */
export interface CollectedAccount {
  readonly accountId: string;
  /** The deployment's own region: journal entries without a region belong to it. */
  readonly homeRegion: string;
  readonly regions: readonly CollectedRegion[];
  readonly unreadableRegions: readonly RegionFailure[];
  /**
   * A deletion journal from before journals lived in each region's state: its entries without a region belong to the
   * home region. Empty when there is none; a region's state, when it has one, holds its journal instead.
   */
  readonly journal: readonly JournalEntry[];
  /** The exports other accounts wrote to the exchange bucket; absent when no exchange is configured. */
  readonly exchange?: CollectedExchange;
}

/**
 * The exchange bucket as collected: the settings it was read with and every export found under `live/` (this account's
 * own excepted). Staleness is judged by decide(), against its `now`.
 */
export interface CollectedExchange {
  /** Absent when the config expects exports but names no bucket (and the deployment has none). */
  readonly bucket?: string;
  readonly expect: readonly string[];
  readonly maxAgeMs: number;
  readonly imports: readonly ImportedExport[];
  /** Set when the bucket could not be listed: every expected export is then unknown. */
  readonly listError?: string;
}

/** One export read from the exchange bucket: its content, or why it cannot be used. */
export type ImportedExport =
  | { readonly id: string; readonly kind: 'read'; readonly document: LiveSetExport }
  | { readonly id: string; readonly kind: 'unusable'; readonly problem: ExportProblem; readonly message: string };

export type ExportProblem = 'missing' | 'unreadable' | 'malformed' | 'unknown-version' | 'too-large' | 'incomplete' | 'stale';

/**
 * The live-set export (`live/<id>.json` in the exchange bucket; README "Export format"): every ECR reference one account
 * (or one set of clusters outside AWS) found, for the registries it pulls from.
 */
export interface LiveSetExport {
  readonly format: 'ecr-retention.live-set';
  readonly version: 1;
  /** The export id: an account id, or `<account id>-<name>` for clusters outside AWS. */
  readonly id: string;
  readonly accountId?: string;
  readonly regions: readonly string[];
  /** kubeconfig contexts read (an export of clusters outside AWS). */
  readonly clusters?: readonly string[];
  /** ISO 8601: when the references were collected. */
  readonly collectedAt: string;
  /** False when a source or a region could not be read: the references may not be all of them. */
  readonly complete: boolean;
  /** What could not be read, when incomplete. */
  readonly problems: readonly string[];
  readonly references: readonly ExportedReference[];
}

export interface ExportedReference {
  readonly source: ReferenceSource;
  readonly location: string;
  readonly image: string;
  readonly digest?: Digest;
  readonly region?: string;
}

/** What a run remembers of a region for the next (core/state.ts), written by every run. */
export interface RegionState {
  readonly version: 1;
  readonly region: string;
  /** The `now` of the run that wrote it. */
  readonly writtenAt: number;
  readonly tags: readonly TagSighting[];
  readonly candidates: readonly Candidacy[];
  readonly journal: readonly JournalEntry[];
  /** The last lifecycle-policy answer for each governed repository (core/coexistence.ts); absent before any. */
  readonly lifecyclePolicies?: readonly LifecyclePolicyCheck[];
}

/** A tag on a digest, and when this tool first saw it there. */
export interface TagSighting {
  readonly repository: string;
  readonly tag: string;
  readonly digest: Digest;
  readonly firstSeen: number;
}

/** A digest that every run since `since` would have deleted (or deletes once the delay is over). */
export interface Candidacy {
  readonly repository: string;
  readonly digest: Digest;
  readonly since: number;
}
