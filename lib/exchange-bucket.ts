import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXCHANGE_PREFIX, type ExchangeCreateProps } from './exchange';

/**
 * The IAM policy variable S3 replaces with the requester's account id when it evaluates the bucket policy, written
 * literally into the policy: one statement lets every account write only its own keys.
 */
const PRINCIPAL_ACCOUNT_VARIABLE = '${aws:PrincipalAccount}';

/**
 * The exchange bucket, created in this stack: private, TLS only, versioned (an overwritten export stays readable for
 * 30 days), ACLs disabled so that every export belongs to the bucket owner whichever account wrote it, retained when
 * the stack is deleted (other accounts' runs depend on it). SSE-S3, not KMS: a KMS key would also need a key policy
 * granting every writing and reading account kms:GenerateDataKey and kms:Decrypt, and the exports hold image
 * references, not secrets.
 */
export class ExchangeBucket extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ExchangeCreateProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    writers(this, props).forEach((writer) => allowExports(this.bucket, writer));
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Each account may write only its own keys (the bucket policy), every export is versioned for 30 days, and '
        + 'who wrote which object is in CloudTrail (S3 data events, when the organization records them). Server access '
        + 'logs would need a second bucket and would name the same principals.',
    });
    new CfnOutput(this, 'Name', {
      description: 'The exchange bucket: deploy the other accounts with -c exchangeBucket=<this name>.',
      value: this.bucket.bucketName,
    });
  }
}

/** Who may exchange, with the condition that makes them so (none for accounts); `name` ends the statements' Sids. */
interface Writer {
  readonly name: string;
  readonly principals: iam.IPrincipal[];
  readonly conditions?: Record<string, Record<string, string>>;
}

/**
 * The listed accounts and this one, or the organization and this account (which need not be in it). An
 * AccountPrincipal delegates to the account: its principals also need their own identity permission.
 */
function writers(scope: Construct, props: ExchangeCreateProps): Writer[] {
  const own = Stack.of(scope).account;
  if (props.organizationId !== undefined) {
    return [
      { name: 'Organization', principals: [new iam.AnyPrincipal()], conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } } },
      { name: 'ThisAccount', principals: [new iam.AccountPrincipal(own)] },
    ];
  }
  return [{ name: 'Accounts', principals: [...(props.accounts ?? []), own].map((account) => new iam.AccountPrincipal(account)) }];
}

/**
 * Write only `live/<requester's account>.json` and `live/<requester's account>-*`: `2222222222229.json` is not
 * `222222222222-…`, so no account id is a prefix of another's keys. Read every export, and list under `live/`
 * only (`live/*` also matches the prefix `live/` itself).
 */
function allowExports(bucket: s3.Bucket, writer: Writer): void {
  const { name, principals, conditions = {} } = writer;
  const own = `${EXCHANGE_PREFIX}${PRINCIPAL_ACCOUNT_VARIABLE}`;
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: `WriteOwnExport${name}`, actions: ['s3:PutObject'], principals, conditions,
    resources: [bucket.arnForObjects(`${own}.json`), bucket.arnForObjects(`${own}-*`)],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: `ReadExports${name}`, actions: ['s3:GetObject'], principals, conditions, resources: [bucket.arnForObjects(`${EXCHANGE_PREFIX}*`)],
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: `ListExports${name}`, actions: ['s3:ListBucket'], principals, resources: [bucket.bucketArn],
    conditions: { ...conditions, StringLike: { 's3:prefix': `${EXCHANGE_PREFIX}*` } },
  }));
}
