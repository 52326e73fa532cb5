import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The deletion journal of deployments from before the state (lambda/core/journal.ts): only read now, until the home
 * region has a state, so that an upgrade does not lose what an interrupted run left behind.
 */
export const JOURNAL_KEY = 'journal/deletions.json';
/** Each region's state (lambda/core/state.ts: journal, tag times, candidacies) and task-definition cache. */
export const STATE_PREFIX = 'state/';
/** Each run's report page (lambda/report/html), linked from its email; kept 90 days. */
export const REPORT_PREFIX = 'reports/';
const REPORT_RETENTION = Duration.days(90);
/** The run lease (lambda/adapters/s3/run-lease.ts): held by the run going on, so that no other one overlaps it. */
export const LEASE_KEY = 'lease/run.json';

/**
 * The cleaner's own bucket: each region's state (the deletion journal a deleting run writes before its first
 * deletion, tag times, candidacies) and task-definition cache under `state/`, each run's report page under
 * `reports/`, the run lease, and the journal of deployments from before the state. ECR forgets an index at once, so a
 * run stopped between an index and its members would otherwise leave the members to the untagged rule. Private,
 * encrypted, TLS only, versioned (each state stays readable for a post-mortem, for 30 days).
 */
export class JournalBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(30) },
        { prefix: REPORT_PREFIX, expiration: REPORT_RETENTION },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds only the cleaner\'s own objects (state, cache, report pages, lease), which only the cleaner '
        + 'reads and writes; its reads and writes are in CloudTrail, and the objects are versioned. Server access logs '
        + 'would need a second bucket for no added insight.',
    });
  }

  /**
   * GetObject and PutObject under the state prefix only; GetObject on the old journal; GetObject, PutObject and
   * DeleteObject on the lease only (a conditional DeleteObject with an ETag also needs s3:GetObject: User Guide "How to
   * perform conditional deletes"); and ListBucket on the bucket so that "no state yet" and "no lease" read as 404.
   */
  grantReadWrite(role: iam.IGrantable): void {
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadWriteState', actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects(`${STATE_PREFIX}*`)],
    }));
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteReports', actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${REPORT_PREFIX}*`)],
    }));
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadLegacyJournal', actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(JOURNAL_KEY)],
    }));
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'HoldRunLease', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [this.bucket.arnForObjects(LEASE_KEY)],
    }));
    // Without s3:ListBucket, S3 answers a missing object with 403 AccessDenied, which would fail the very first run.
    // No s3:prefix condition: whether S3 honours one when it decides between 404 and 403 is not documented, and the
    // bucket holds nothing but the cleaner's own objects, so listing it reveals nothing more.
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'FindJournal', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn],
    }));
  }
}
