/**
 * The exchange bucket: created here (its properties, its policy, its output) or named (identity grants only), the
 * role's grants on it, EXCHANGE_BUCKET, cdk-nag clean, and the props and context it refuses.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetention, type EcrRetentionProps } from '../../lib/ecr-retention';
import { EcrRetentionStack } from '../../lib/ecr-retention-stack';
import { allPolicyStatements, expectConfigError, flattenArn, NO_BUNDLING } from './support';

function synth(props: Partial<EcrRetentionProps>) {
  const app = new App({ context: NO_BUNDLING });
  const stack = new Stack(app, 'Exchange');
  const cleaner = new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', ...props });
  return { app, cleaner, template: Template.fromStack(stack) };
}

function exchangeBucketId(template: Template): string {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { OwnershipControls: Match.anyValue() } }));
  if (ids.length !== 1) throw new Error(`expected one exchange bucket, found ${ids.length}`);
  return ids[0]!;
}

/** The bucket policy's statements, principals and ARNs flattened as in support.ts. */
function bucketPolicy(template: Template, bucketId: string) {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
  return policies[0]!.Properties.PolicyDocument.Statement.map((statement: Record<string, unknown>) => {
    const aws = (statement.Principal as { AWS: unknown }).AWS;
    return { ...statement, Principal: { AWS: Array.isArray(aws) ? aws.map(flattenArn) : flattenArn(aws) }, Resource: [statement.Resource].flat().map(flattenArn) };
  });
}

const exchangeGrants = (template: Template) => allPolicyStatements(template).filter((s) => ['WriteOwnExport', 'ReadExports', 'ListExports'].includes(s.sid ?? ''));
const environment = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function'))[0]!.Properties.Environment.Variables;

describe('an exchange bucket this stack creates', () => {
  const { template } = synth({ exchange: { create: { accounts: ['222222222222', '333333333333'] } } });
  const id = exchangeBucketId(template);
  const bucket = `<${id}.Arn>`;
  const accounts = { AWS: ['arn:<AWS::Partition>:iam::222222222222:root', 'arn:<AWS::Partition>:iam::333333333333:root', 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root'] };

  it('is private, encrypted with SSE-S3, versioned for 30 days, owner-enforced and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' })] },
      },
    });
  });

  it('lets the listed accounts and this one write only their own keys, read every export and list live/ only, over TLS only', () => {
    expect(bucketPolicy(template, id)).toEqual([
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Sid: 'WriteOwnExportAccounts', Effect: 'Allow', Principal: accounts, Action: 's3:PutObject',
        Resource: [`${bucket}/live/\${aws:PrincipalAccount}.json`, `${bucket}/live/\${aws:PrincipalAccount}-*`],
      },
      { Sid: 'ReadExportsAccounts', Effect: 'Allow', Principal: accounts, Action: 's3:GetObject', Resource: [`${bucket}/live/*`] },
      { Sid: 'ListExportsAccounts', Effect: 'Allow', Principal: accounts, Action: 's3:ListBucket', Resource: [bucket], Condition: { StringLike: { 's3:prefix': 'live/*' } } },
    ]);
  });

  it('gives its own role matching grants: its own export, every export, and live/', () => {
    expect(exchangeGrants(template)).toEqual([
      { sid: 'WriteOwnExport', effect: 'Allow', actions: ['s3:PutObject'], resources: [`${bucket}/live/<AWS::AccountId>.json`] },
      { sid: 'ReadExports', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${bucket}/live/*`] },
      { sid: 'ListExports', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucket], conditions: { StringLike: { 's3:prefix': 'live/*' } } },
    ]);
  });

  it('tells the function its name and outputs it for the other accounts\' deployments', () => {
    expect(environment(template).EXCHANGE_BUCKET).toEqual({ Ref: id });
    template.hasOutput('*', { Value: { Ref: id }, Description: Match.stringLikeRegexp('-c exchangeBucket=') });
  });

  it('lets an organization\'s accounts exchange, and this account whether in it or not', () => {
    const org = synth({ exchange: { create: { organizationId: 'o-a1b2c3d4e5' } } }).template;
    const statements = bucketPolicy(org, exchangeBucketId(org)).filter((s: { Sid?: string }) => s.Sid);
    expect(statements.map((s: { Sid: string; Principal: unknown; Condition?: unknown }) => [s.Sid, s.Principal, s.Condition])).toEqual([
      ['WriteOwnExportOrganization', { AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['ReadExportsOrganization', { AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['ListExportsOrganization', { AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, StringLike: { 's3:prefix': 'live/*' } }],
      ['WriteOwnExportThisAccount', { AWS: 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root' }, undefined],
      ['ReadExportsThisAccount', { AWS: 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root' }, undefined],
      ['ListExportsThisAccount', { AWS: 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root' }, { StringLike: { 's3:prefix': 'live/*' } }],
    ]);
  });

  it.each<[string, Partial<EcrRetentionProps>]>([
    ['accounts', { exchange: { create: { accounts: ['222222222222'] } } }],
    ['an organization', { exchange: { create: { organizationId: 'o-a1b2c3d4e5' } } }],
    ['this account only', { exchange: { create: {} } }],
    ['an existing bucket', { exchange: { bucketName: 'org-ecr-exchange' } }],
  ])('passes the cdk-nag AwsSolutions checks with %s', (_case, props) => {
    expect(new AwsSolutionsChecks().validateScope(synth(props).app).violations).toEqual([]);
  });
});

describe('an existing exchange bucket', () => {
  const { template, cleaner } = synth({ exchange: { bucketName: 'org-ecr-exchange' } });
  const bucket = 'arn:<AWS::Partition>:s3:::org-ecr-exchange';

  it('is only granted on, by the role\'s own policy: nothing is created, no bucket policy is written', () => {
    expect(exchangeGrants(template)).toEqual([
      { sid: 'WriteOwnExport', effect: 'Allow', actions: ['s3:PutObject'], resources: [`${bucket}/live/<AWS::AccountId>.json`] },
      { sid: 'ReadExports', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${bucket}/live/*`] },
      { sid: 'ListExports', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucket], conditions: { StringLike: { 's3:prefix': 'live/*' } } },
    ]);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::S3::BucketPolicy', 1);
    expect(Object.keys(template.toJSON().Outputs ?? {})).toEqual([]);
    expect(cleaner.exchangeBucket).toBeUndefined();
  });

  it('is named to the function', () => {
    expect(environment(template).EXCHANGE_BUCKET).toBe('org-ecr-exchange');
    expect(cleaner.exchangeBucketName).toBe('org-ecr-exchange');
  });
});

describe('exchange props and context', () => {
  it.each<[unknown, RegExp]>([
    [{}, /^exchange needs exactly one of bucketName \(an existing bucket, maybe in another account\) or create/],
    [{ bucketName: 'org-ecr-exchange', create: {} }, /^exchange needs exactly one of bucketName/],
    [{ bucketName: 'Org_Exchange' }, /^exchange\.bucketName "Org_Exchange" is not an S3 bucket name/],
    [{ bucketName: 'a..b' }, /is not an S3 bucket name/],
    [{ create: { accounts: ['222222222222'], organizationId: 'o-a1b2c3d4e5' } }, /^exchange\.create takes accounts or organizationId, not both/],
    [{ create: { accounts: [] } }, /^exchange\.create\.accounts is empty/],
    [{ create: { accounts: ['22222222222', '222222222222x'] } }, /^exchange\.create\.accounts: "22222222222", "222222222222x" not a 12-digit account id/],
    [{ create: { accounts: ['222222222222', '222222222222'] } }, /lists an account twice/],
    [{ create: { organizationId: 'org-1' } }, /^exchange\.create\.organizationId "org-1" is not an organization id/],
  ])('refuses exchange %j at synth, saying why', (exchange, message) => {
    expectConfigError(() => synth({ exchange: exchange as EcrRetentionProps['exchange'] }), message);
  });

  const fromContext = (context: Record<string, unknown>) =>
    Template.fromStack(new EcrRetentionStack(new App({ context: { notifyEmail: 'ops@example.com', ...context, ...NO_BUNDLING } }), 'EcrRetention'));

  it.each<[Record<string, unknown>, string[]]>([
    [{ exchangeBucket: 'org-ecr-exchange' }, []],
    [{ exchangeCreate: 'true', exchangeAccounts: '222222222222, 333333333333' }, ['222222222222', '333333333333']],
    [{ exchangeCreate: true, exchangeAccounts: ['222222222222'] }, ['222222222222']],
  ])('takes %j', (context, accounts) => {
    const template = fromContext(context);
    expect(exchangeGrants(template).map((s) => s.sid)).toEqual(['WriteOwnExport', 'ReadExports', 'ListExports']);
    template.resourceCountIs('AWS::S3::Bucket', context.exchangeBucket ? 1 : 2);
    for (const account of accounts) expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).toContain(`:iam::${account}:root`);
  });

  it('takes -c exchangeCreate=true -c exchangeOrganization=o-…', () => {
    expect(JSON.stringify(fromContext({ exchangeCreate: 'true', exchangeOrganization: 'o-a1b2c3d4e5' }).findResources('AWS::S3::BucketPolicy')))
      .toContain('"aws:PrincipalOrgID":"o-a1b2c3d4e5"');
  });

  it.each<[Record<string, unknown>, RegExp]>([
    [{ exchangeBucket: 'org-ecr-exchange', exchangeCreate: 'true' }, /^Context "exchangeBucket" and "exchangeCreate" exclude each other: -c exchangeBucket=NAME/],
    [{ exchangeAccounts: '222222222222' }, /^Context "exchangeAccounts" applies only to a bucket this stack creates/],
    [{ exchangeBucket: 'org-ecr-exchange', exchangeOrganization: 'o-a1b2c3d4e5' }, /^Context "exchangeOrganization" applies only to a bucket this stack creates/],
    [{ exchangeCreate: 'yes' }, /^Context "exchangeCreate" must be true or false, got "yes"/],
    [{ exchangeCreate: 'true', exchangeAccounts: '2222' }, /^exchange\.create\.accounts: "2222" not a 12-digit account id/],
  ])('refuses %j, saying how to pass it', (context, message) => {
    expect(() => fromContext(context)).toThrow(message);
  });
});
