/**
 * The domain model. Plain data: every adapter produces it, the planner consumes it, snapshots serialize it.
 * Times are epoch milliseconds so that the model survives JSON unchanged and `now` stays an argument.
 */

/** `sha256:<64 hex>`: the manifest digest, the identity of an image in a repository. */
export type Digest = string;

export type ImageStatus = 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING';

/** One digest in one repository, as ECR lists it (DescribeImages + BatchGetImage for index children). */
export interface ImageRecord {
  readonly repository: string;
  readonly digest: Digest;
  readonly tags: readonly string[];
  readonly pushedAt: number;
  /** ECR refreshes it at most daily; absent when never pulled. */
  readonly lastPulledAt?: number;
  /** ECR's imageSizeInBytes for a manifest; 0 for an index, whose reported size is its largest member's (core/summary bytesOf). */
  readonly sizeBytes: number;
  readonly manifestMediaType?: string;
  readonly artifactMediaType?: string;
  /** Members of an image index / manifest list (`manifests[].digest`). Empty for a plain manifest. */
  readonly childDigests: readonly Digest[];
  /** OCI 1.1 referrer: the digest this artifact refers to (`subjectManifestDigest`). */
  readonly subjectDigest?: Digest;
  readonly status: ImageStatus;
}

export interface RepositoryRecord {
  readonly name: string;
  readonly registryId: string;
  readonly arn?: string;
}

/** Everything ECR holds in this account and region. */
export interface Inventory {
  readonly accountId: string;
  readonly region: string;
  readonly repositories: readonly RepositoryRecord[];
  readonly images: readonly ImageRecord[];
  /**
   * The registry's hosts as AWS names them (the host of each repositoryUri, with its dual-stack and FIPS forms):
   * references are matched against these exactly. Absent from snapshots made before inventories carried them.
   */
  readonly registryHosts?: readonly string[];
  /**
   * The registry's replication rules (DescribeRegistry): where its images are copied, and whether deletions follow.
   * Absent from snapshots made before inventories carried them (read as: no replication).
   */
  readonly replication?: readonly ReplicationRule[];
}

/** One rule of the registry's replication configuration (ECR API ReplicationRule). */
export interface ReplicationRule {
  readonly destinations: readonly { readonly region: string; readonly registryId: string }[];
  /** PREFIX_MATCH filters; empty: every repository is replicated. */
  readonly repositoryPrefixes: readonly string[];
  /** `deleteReplication.enabled`: a deletion here deletes the copies in every destination. */
  readonly deletesReplicated: boolean;
}

export type LiveSourceName = 'ecs' | 'eks' | 'lambda' | 'batch';

/** What found a reference: a live source, or a Kubernetes cluster outside AWS (an export made with `export --kube-context`). */
export type ReferenceSource = LiveSourceName | 'kubernetes';

/** Something that can pull an image, as its source reports it. */
export interface LiveReference {
  readonly source: ReferenceSource;
  /** Where the reference lives, readable by a person: `ecs cluster/prod service/web deployment/ecs-svc/1`. */
  readonly location: string;
  /** The raw reference string: `<registry>/<repo>[:tag][@sha256:…]`, or a bare digest from a status field. */
  readonly image: string;
  /** The digest the API resolved, when it gives one (ECS imageDigest, Lambda ResolvedImageUri, pod imageID). */
  readonly digest?: Digest;
  /** The region whose workload holds it; absent for a cluster outside AWS. */
  readonly region?: string;
}

/** A live reference pinned to one digest of one repository of this registry. */
export interface LiveDigest {
  /** The region of the registry it resolved in. */
  readonly region: string;
  readonly repository: string;
  readonly digest: Digest;
  readonly reference: LiveReference;
}

/** A live reference to this registry that resolves to no image: it will fail to pull. Reported, never a reason to delete. */
export interface MissingLiveImage {
  readonly region: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
  readonly reference: LiveReference;
}

/** The live set after resolution through the inventory. References to other registries are not part of it. */
export interface ResolvedLiveSet {
  readonly live: readonly LiveDigest[];
  readonly missing: readonly MissingLiveImage[];
}

/** One image of the registry: a digest in a repository. */
export interface ImageId {
  readonly repository: string;
  readonly digest: Digest;
}

/** A live source that could not be read completely: the live set is incomplete and nothing may be deleted. */
export interface SourceFailure {
  readonly source: LiveSourceName;
  readonly message: string;
  /** The region it failed in; absent in snapshots made before runs covered several regions. */
  readonly region?: string;
}

/**
 * A fact a source reports that is neither a reference nor a failure: an AWS answer that documents "this cannot run"
 * (a schedule that targets a task definition that can no longer be described), a fallback taken on a documented
 * answer. The run goes on; the report lists it.
 */
export interface SourceNote {
  readonly source: LiveSourceName | 'ecr' | 'exchange';
  readonly message: string;
  readonly region?: string;
}

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
  readonly bucket: string;
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

/**
 * What ECR forgets and a later run must remember: an attachment (index member, OCI referrer, cosign signature) whose
 * parent a deleting run was about to remove (the journal, written before the first deletion). Once the parent is gone,
 * ECR shows the attachment as a standalone image; with this entry the planner still lets it follow its parent out,
 * as the uninterrupted run would have.
 */
export interface JournalEntry {
  /** Absent: the deployment's home region (journals written before runs covered several regions). */
  readonly region?: string;
  readonly repository: string;
  readonly digest: Digest;
  /** The index that listed it, or the subject it refers to (which may live in another repository). */
  readonly parent: Digest;
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
