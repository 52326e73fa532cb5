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
