/**
 * The emulated account: one plain JSON-serializable model that every service handler reads and mutates.
 * Times are epoch milliseconds. Each service section is owned by its handler file in services/.
 */
import type { EmuCluster, EmuDaemonTaskDefinition, EmuTaskDefinition } from './account-ecs';

export type {
  EmuCluster, EmuContainerDefinition, EmuDaemon, EmuDaemonTaskDefinition, EmuService, EmuServiceDeployment,
  EmuServiceRevision, EmuTask, EmuTaskDefinition,
} from './account-ecs';

export interface EmuImage {
  digest: string;
  tags: string[];
  pushedAt: number;
  lastPulledAt?: number;
  sizeBytes: number;
  manifestMediaType: string;
  artifactMediaType?: string;
  /** For an index / manifest list: its members (what BatchGetImage returns as `manifests[].digest`). */
  childDigests?: string[];
  /** Extra index members' artifactType (e.g. SOCI), keyed by digest. */
  childArtifactTypes?: Record<string, string>;
  /** OCI 1.1 referrer subject. */
  subjectDigest?: string;
  status?: 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING';
  /** When it was archived (ImageDetail lastArchivedAt): what a `sinceImageTransitioned` lifecycle rule counts from. */
  lastArchivedAt?: number;
}

export interface EmuRepository {
  name: string;
  createdAt: number;
  images: EmuImage[];
  /** The lifecycle policy text as PutLifecyclePolicy stored it (services/ecr-lifecycle.ts); absent: none. */
  lifecyclePolicy?: string;
  /** The last StartLifecyclePolicyPreview's result, what GetLifecyclePolicyPreview returns. */
  lifecyclePolicyPreview?: EmuLifecyclePreview;
}

/** A lifecycle policy preview: the policy it ran and, per image the policy acts on, the rule and action. */
export interface EmuLifecyclePreview {
  policyText: string;
  results: { digest: string; appliedRulePriority: number; action: 'EXPIRE' | 'TRANSITION' }[];
}

export interface EmuEventRule {
  name: string;
  eventBusName: string;
  scheduleExpression?: string;
  targets: { id: string; arn: string; ecsParameters?: { taskDefinitionArn: string } }[];
}

export interface EmuSchedule {
  name: string;
  groupName: string;
  state: 'ENABLED' | 'DISABLED';
  /** A universal target (`arn:aws:scheduler:::aws-sdk:ecs:runTask`) carries its parameters as JSON in `input`. */
  target: { arn: string; roleArn: string; ecsParameters?: { taskDefinitionArn: string }; input?: string };
}

export interface EmuLambdaFunction {
  name: string;
  packageType: 'Image' | 'Zip';
  /** Versions by number; `$LATEST` is the function's own code. */
  latest: { imageUri?: string; resolvedImageUri?: string };
  versions: { version: string; imageUri?: string; resolvedImageUri?: string }[];
  aliases: { name: string; functionVersion: string; additionalVersionWeights?: Record<string, number> }[];
}

export interface EmuBatchJobDefinition {
  jobDefinitionName: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  type: 'container' | 'multinode';
  /** The definition's properties as the Batch API returns them (containerProperties, nodeProperties, ecsProperties, eksProperties). */
  properties: Record<string, unknown>;
}

/** A job in a Batch job queue, as DescribeJobs returns it (status, its definition's ARN, its own properties). */
export interface EmuBatchJob {
  jobId: string;
  jobName: string;
  /** The queue's name. */
  jobQueue: string;
  status: 'SUBMITTED' | 'PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  /** `arn:aws:batch:<region>:<account>:job-definition/<name>:<revision>`: the revision it was submitted with. */
  jobDefinition: string;
  /** JobDetail's image-bearing properties as the API returns them (container, nodeProperties, ecsProperties, eksProperties). */
  properties: Record<string, unknown>;
}

export interface EmuParameter {
  name: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  version?: number;
  /** Standard (4 KB values, the default) or Advanced (8 KB). */
  tier?: 'Standard' | 'Advanced';
  lastModifiedAt?: number;
}

export interface EmuEksCluster {
  name: string;
  /** The API server URL; '' while the cluster is still being created (DescribeCluster then omits it). */
  endpoint: string;
  /** base64 PEM of the cluster CA, as DescribeCluster returns it. */
  certificateAuthorityData: string;
  authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  /** CIDRs allowed to reach the public endpoint; ['0.0.0.0/0'] (EKS's default) when absent. */
  publicAccessCidrs?: string[];
  /** ACTIVE when absent. */
  status?: 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING';
}

export interface EmuS3Object {
  /** The object as text; a binary object's exact bytes are kept beside it (services/s3-common.ts bytesOf). */
  body: string;
  contentType?: string;
  /**
   * Epoch ms, whole seconds (S3 reports Last-Modified to the second). Tests may set it; the emulator records the time of
   * its own writes beside the object instead (services/s3-objects.ts), so that a stored object keeps the shape it had.
   */
  lastModified?: number;
}

/**
 * S3 is one namespace for every account (bucket names are globally unique: User Guide, "Bucket naming rules"): every
 * model of an estate shares one store (estate.ts).
 */
export interface EmuS3Store {
  /** Objects by bucket, then key. A bucket absent here does not exist (NoSuchBucket); tests add the ones they use. */
  buckets: Record<string, Record<string, EmuS3Object>>;
  /** The account owning each bucket; absent: the estate's first account. Other accounts get AccessDenied. */
  owners?: Record<string, string>;
  /** Buckets with the product's exchange bucket policy (services/s3-access.ts). */
  exchangeBuckets?: Record<string, EmuExchangeBucketPolicy>;
}

/** Any account reads and lists under `ownKeysUnder`, and writes only its own keys there (`<prefix><account>.json`, `<prefix><account>-…`). */
export interface EmuExchangeBucketPolicy {
  readonly ownKeysUnder: string;
}

/** A repository creation template (API reference RepositoryCreationTemplate): the settings ECR gives the repositories it creates. */
export interface EmuCreationTemplate {
  /** A namespace prefix ("prod" covers prod/…), or ROOT: every repository no other template covers. */
  readonly prefix: string;
  readonly appliedFor: readonly ('REPLICATION' | 'PULL_THROUGH_CACHE' | 'CREATE_ON_PUSH')[];
  readonly lifecyclePolicy?: string;
  readonly description?: string;
}

/** ECR API reference ReplicationRule; `deleteReplication` (DeleteReplication) is newer than the installed SDK's model. */
export interface EmuReplicationRule {
  destinations: { region: string; registryId: string }[];
  repositoryFilters?: { filter: string; filterType: 'PREFIX_MATCH' }[];
  deleteReplication?: { enabled: boolean };
}

export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  at: number;
}

export interface AccountModel {
  accountId: string;
  region: string;
  /** ARN of the caller STS GetCallerIdentity reports. */
  callerArn: string;
  /**
   * `replication`: the registry's replication configuration (DescribeRegistry); absent: none was ever put.
   * `creationTemplates`: the repository creation templates (DescribeRepositoryCreationTemplates).
   */
  ecr: { repositories: EmuRepository[]; faults?: EmuEcrFaults; replication?: { rules: EmuReplicationRule[] }; creationTemplates?: EmuCreationTemplate[] };
  ecs: {
    clusters: EmuCluster[];
    taskDefinitions: EmuTaskDefinition[];
    daemonTaskDefinitions?: EmuDaemonTaskDefinition[];
    /** False: a Region without ECS Managed Daemons (their operations answer UnsupportedFeatureException). */
    managedDaemons?: boolean;
  };
  events: { buses: string[]; rules: EmuEventRule[] };
  scheduler: { schedules: EmuSchedule[] };
  lambda: { functions: EmuLambdaFunction[] };
  /** `jobQueues` (names) and `jobs`: absent means none. */
  batch: { jobDefinitions: EmuBatchJobDefinition[]; jobQueues?: string[]; jobs?: EmuBatchJob[] };
  ssm: { parameters: EmuParameter[] };
  sns: { topics: string[]; published: PublishedMessage[] };
  eks: { clusters: EmuEksCluster[] };
  /** Shared by every model of the estate (estate.ts): setting it on one sets it for all. */
  s3?: EmuS3Store;
}

/** Answers AWS does not promise never to give (services/ecr-batch.ts); tests switch them on. */
export interface EmuEcrFaults {
  /**
   * BatchDeleteImage leaves these digests out of its answer, neither in imageIds nor in failures. With `deleteThem`
   * the image is deleted all the same (the answer was lost); without, it stays (the call never reached it).
   */
  dropFromBatchDeleteAnswer?: { readonly digests: readonly string[]; readonly deleteThem: boolean };
}

export function emptyAccount(accountId = '123456789012', region = 'us-east-1'): AccountModel {
  return {
    accountId,
    region,
    callerArn: `arn:aws:sts::${accountId}:assumed-role/ecr-retention/cleaner`,
    ecr: { repositories: [] },
    ecs: { clusters: [], taskDefinitions: [] },
    events: { buses: ['default'], rules: [] },
    scheduler: { schedules: [] },
    lambda: { functions: [] },
    batch: { jobDefinitions: [] },
    ssm: { parameters: [] },
    sns: { topics: [], published: [] },
    eks: { clusters: [] },
  };
}

export function registryHost(account: Pick<AccountModel, 'accountId' | 'region'>): string {
  return `${account.accountId}.dkr.ecr.${account.region}.amazonaws.com`;
}

export function taskDefinitionArn(account: Pick<AccountModel, 'accountId' | 'region'>, family: string, revision: number): string {
  return `arn:aws:ecs:${account.region}:${account.accountId}:task-definition/${family}:${revision}`;
}
