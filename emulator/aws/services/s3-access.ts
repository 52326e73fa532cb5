/**
 * Who may do what in a bucket. Without a bucket policy only the owning account may (User Guide, "Bucket policies for
 * Amazon S3": cross-account access needs a policy granting it; the answer otherwise is 403 AccessDenied). An
 * exchange bucket (`s3.exchangeBuckets`) stands for this policy, with OWN = the caller's keys under the prefix:
 *
 *   Allow  s3:ListBucket                  on the bucket           when s3:prefix StringLike "live/*"
 *   Allow  s3:GetObject                   on "live/*"
 *   Allow  s3:PutObject, s3:DeleteObject  on OWN
 *   Deny   s3:PutObject, s3:DeleteObject  NotResource OWN
 *   OWN =  "live/${aws:PrincipalAccount}.json", "live/${aws:PrincipalAccount}-*"
 *
 * `aws:PrincipalAccount` is the global condition key holding the caller's account (IAM User Guide, "AWS global
 * condition context keys"); the Deny binds the owner too, since an explicit Deny overrides any Allow (IAM User Guide,
 * "Policy evaluation logic"). Principal `*` stands for every account of the estate. The stack's own policy
 * (lib/exchange-bucket.ts) has the Allows only: there, the owning account's identity policies could still write
 * elsewhere in the bucket. The emulator is the stricter of the two on purpose (the safe side): nothing in the product
 * writes outside its own keys, and a test that tried would be refused rather than pass on a grant it does not have.
 */
import type { EmuExchangeBucketPolicy } from '../account';
import { AwsEmulatorError, type OperationContext, type RestXmlInput } from '../service';
import { header, type Bucket } from './s3-common';

/** `read`: GetObject, HeadObject (s3:GetObject); `list`: ListObjectsV2 (s3:ListBucket); `write`: PutObject, DeleteObject. */
export type S3Access = 'read' | 'list' | 'write';

/**
 * Throws AccessDenied unless the caller may: `target` is the object key, or for `list` the requested prefix. An
 * `x-amz-expected-bucket-owner` that is not the bucket's owner is refused too: "If the account ID that you provide
 * does not match the actual owner of the bucket, the request fails with the HTTP status code 403 Forbidden (access
 * denied)" (GetObject, PutObject, DeleteObject, ListObjectsV2 API reference, ExpectedBucketOwner).
 */
export function authorize(ctx: OperationContext, input: RestXmlInput, bucket: Bucket, access: S3Access, target: string): void {
  const caller = ctx.account.accountId;
  const owner = bucket.store.owners?.[bucket.name] ?? ctx.estate.primaryAccountId;
  const expected = header(input, 'x-amz-expected-bucket-owner');
  if (expected !== undefined && expected !== owner) throw new AwsEmulatorError('AccessDenied', 'Access Denied', 403);
  const policy = bucket.store.exchangeBuckets?.[bucket.name];
  if (policy ? allowedByExchangePolicy(policy, caller, owner, access, target) : caller === owner) return;
  throw new AwsEmulatorError('AccessDenied', 'Access Denied', 403);
}

function allowedByExchangePolicy(policy: EmuExchangeBucketPolicy, caller: string, owner: string, access: S3Access, target: string): boolean {
  const prefix = policy.ownKeysUnder;
  if (access === 'write') return target === `${prefix}${caller}.json` || target.startsWith(`${prefix}${caller}-`);
  return target.startsWith(prefix) || caller === owner;
}
