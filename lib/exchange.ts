import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { EcrRetentionConfigError } from './props-validation';

/**
 * The exchange bucket (DESIGN.md "Regions and accounts"): one per organization, in one account (usually the
 * registry's). Every run writes its live-set export to `live/<its account>.json` and reads every export under
 * `live/`; `ecr-retention export` writes `live/<account>-<name>.json` for clusters outside AWS.
 */
export const EXCHANGE_PREFIX = 'live/';

export interface ExchangeProps {
  /** An existing exchange bucket, in this account or another; its policy must let this account write its key. */
  readonly bucketName?: string;
  /** Create the exchange bucket in this stack, writable by these accounts (each its own keys). */
  readonly create?: ExchangeCreateProps;
}

export interface ExchangeCreateProps {
  /** Accounts that may write their exports and read all of them; this account always may. */
  readonly accounts?: readonly string[];
  /** Every account of this organization (`o-…`) may; this account always may. */
  readonly organizationId?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
/** AWS Organizations: "o-" and 10 to 32 lowercase letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** S3 general purpose bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, letter or digit at both ends. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function validateExchange(exchange: ExchangeProps): ExchangeProps {
  const { bucketName, create } = exchange;
  if ((bucketName === undefined) === (create === undefined)) {
    throw new EcrRetentionConfigError('exchange needs exactly one of bucketName (an existing bucket, maybe in another account) or create (a new bucket in this stack).');
  }
  if (bucketName !== undefined) validateBucketName(bucketName);
  if (create) validateCreate(create);
  return exchange;
}

function validateBucketName(name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!BUCKET_NAME.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new EcrRetentionConfigError(`exchange.bucketName "${name}" is not an S3 bucket name (3-63 lowercase letters, digits, "." and "-").`);
  }
}

function validateCreate(create: ExchangeCreateProps): void {
  const { accounts, organizationId } = create;
  if (accounts !== undefined && organizationId !== undefined) {
    throw new EcrRetentionConfigError('exchange.create takes accounts or organizationId, not both: an organization already includes its accounts.');
  }
  if (accounts !== undefined) {
    if (accounts.length === 0) throw new EcrRetentionConfigError('exchange.create.accounts is empty: list the accounts, or leave it out for this account only.');
    const invalid = accounts.filter((account) => !ACCOUNT_ID.test(account));
    if (invalid.length > 0) throw new EcrRetentionConfigError(`exchange.create.accounts: ${invalid.map((a) => JSON.stringify(a)).join(', ')} not a 12-digit account id.`);
    if (new Set(accounts).size !== accounts.length) throw new EcrRetentionConfigError(`exchange.create.accounts lists an account twice: ${accounts.join(', ')}.`);
  }
  if (organizationId !== undefined && !ORGANIZATION_ID.test(organizationId)) {
    throw new EcrRetentionConfigError(`exchange.create.organizationId "${organizationId}" is not an organization id (o- and 10 to 32 lowercase letters or digits).`);
  }
}

/** `arn:<partition>:s3:::<name>`: bucket ARNs name neither region nor account. */
export function bucketArnOf(scope: Construct, bucketName: string): string {
  return Stack.of(scope).formatArn({ service: 's3', region: '', account: '', resource: bucketName });
}

/**
 * The role's side of the exchange, for a bucket here or in another account (cross-account, S3 needs both the
 * identity and the bucket policy to allow). It writes `live/<this account>.json` only: not the `-<name>` keys the
 * bucket policy also lets the account write, because those hold `ecr-retention export` files for clusters outside
 * AWS, and a cleaner that overwrote one would drop the references that keep those clusters' images.
 */
export function exchangeStatements(scope: Construct, bucketArn: string): iam.PolicyStatement[] {
  const account = Stack.of(scope).account;
  return [
    new iam.PolicyStatement({ sid: 'WriteOwnExport', actions: ['s3:PutObject'], resources: [`${bucketArn}/${EXCHANGE_PREFIX}${account}.json`] }),
    new iam.PolicyStatement({ sid: 'ReadExports', actions: ['s3:GetObject'], resources: [`${bucketArn}/${EXCHANGE_PREFIX}*`] }),
    new iam.PolicyStatement({
      sid: 'ListExports', actions: ['s3:ListBucket'], resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': `${EXCHANGE_PREFIX}*` } },
    }),
  ];
}
