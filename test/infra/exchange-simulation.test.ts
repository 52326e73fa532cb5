/**
 * The exchange bucket's policy and the cleaner roles' grants under an IAM policy evaluator (@cloud-copilot/iam-simulate):
 * cross-account requests, as S3 decides them, need both the requester's identity policy and the bucket policy to
 * allow. The evaluator substitutes `${aws:PrincipalAccount}` and tests aws:SecureTransport, aws:PrincipalOrgID and
 * s3:prefix from the request context it is given; iam-evaluate.ts gives aws:PrincipalAccount from the principal ARN.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { EcrRetention } from '../../lib/ecr-retention';
import type { ExchangeProps } from '../../lib/exchange';
import { evaluateWithResourcePolicy, rolePolicy, type Policy } from './iam-evaluate';
import { NO_BUNDLING, resolveCfn } from './support';

const REGISTRY = '111111111111';
const MEMBER = '222222222222';
const BUCKET = 'org-ecr-exchange';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const ORGANIZATION = 'o-a1b2c3d4e5';
const LOCATIONS = { bucket: 'journal', journalKey: 'journal/deletions.json', leaseKey: 'lease/run.json', topicArn: 'arn:aws:sns:us-east-1:111111111111:t', configPath: '/ecr-retention/' };

/** A deployment bound to an account, and what CloudFormation would make of its role's and its exchange bucket's policies. */
function deployment(account: string, exchange: ExchangeProps) {
  const stack = new Stack(new App({ context: NO_BUNDLING }), `In${account}`, { env: { account, region: 'us-east-1' } });
  const cleaner = new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', exchange });
  const template = Template.fromStack(stack);
  if (!cleaner.exchangeBucket) return { role: rolePolicy(template, LOCATIONS), bucketPolicy: undefined };
  const bucketId = stack.getLogicalId(cleaner.exchangeBucket.bucket.node.defaultChild as s3.CfnBucket);
  const document = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }))[0]!.Properties.PolicyDocument;
  return {
    role: rolePolicy(template, LOCATIONS, { [`<${bucketId}.Arn>`]: BUCKET_ARN }),
    bucketPolicy: resolveCfn(document, { 'AWS::Partition': 'aws', [bucketId]: BUCKET, [`${bucketId}.Arn`]: BUCKET_ARN }),
  };
}

/** A principal whose own account lets it do anything in S3: only the bucket policy can refuse it. */
const S3_ADMIN: Policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }] };
const roleIn = (account: string) => `arn:aws:iam::${account}:role/ecr-retention`;

type Call = [action: string, resource: string, context?: Record<string, string>];
const put = (key: string): Call => ['s3:PutObject', `${BUCKET_ARN}/${key}`];
const get = (key: string): Call => ['s3:GetObject', `${BUCKET_ARN}/${key}`];
const list = (prefix?: string): Call => ['s3:ListBucket', BUCKET_ARN, prefix === undefined ? {} : { 's3:prefix': prefix }];
const withoutTls = ([action, resource, context]: Call): Call => [action, resource, { ...context, 'aws:SecureTransport': 'false' }];

function verdict(principal: string, identity: readonly Policy[], resourcePolicy: unknown, [action, resource, context]: Call, extra: Record<string, string> = {}) {
  return evaluateWithResourcePolicy({ principal, identity, resourcePolicy, resourceAccount: REGISTRY, action, resource, context: { ...context, ...extra } });
}

describe('the exchange bucket a registry deployment creates for listed accounts, under an IAM policy evaluator', () => {
  const { bucketPolicy, role } = deployment(REGISTRY, { create: { accounts: [MEMBER, '333333333333'] } });

  it.each<[string, string, Call]>([
    ['its own export', 'Allowed', put('live/222222222222.json')],
    ['its own export of clusters outside AWS', 'Allowed', put('live/222222222222-onprem.json')],
    ['another account\'s export', 'ImplicitlyDenied', put('live/333333333333.json')],
    ['a key its account id is only a prefix of', 'ImplicitlyDenied', put('live/2222222222229.json')],
    ['a key under its own name but not an export', 'ImplicitlyDenied', put('live/222222222222/x.json')],
    ['a key outside live/', 'ImplicitlyDenied', put('journal/deletions.json')],
    ['another account\'s export, read', 'Allowed', get('live/333333333333.json')],
    ['an object outside live/, read', 'ImplicitlyDenied', get('journal/deletions.json')],
    ['the listing of live/', 'Allowed', list('live/')],
    ['the listing of one account under live/', 'Allowed', list('live/333')],
    ['the listing of another prefix', 'ImplicitlyDenied', list('journal/')],
    ['the listing of the whole bucket', 'ImplicitlyDenied', list()],
    ['its own export, without TLS', 'ExplicitlyDenied', withoutTls(put('live/222222222222.json'))],
    ['another account\'s export, read without TLS', 'ExplicitlyDenied', withoutTls(get('live/333333333333.json'))],
  ])('answers a principal of 222222222222 asking for %s: %s', async (_case, expected, call) => {
    expect(await verdict(roleIn(MEMBER), [S3_ADMIN], bucketPolicy, call)).toBe(expected);
  });

  it('refuses an account it does not list, and a listed account\'s principal its own policies give nothing', async () => {
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, put('live/444444444444.json'))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, get('live/222222222222.json'))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn(MEMBER), [], bucketPolicy, put('live/222222222222.json'))).toBe('ImplicitlyDenied');
  });

  it('lets the registry\'s own cleaner write its export and read the others, and write no other account\'s', async () => {
    expect(await verdict(roleIn(REGISTRY), [role], bucketPolicy, put('live/111111111111.json'))).toBe('Allowed');
    expect(await verdict(roleIn(REGISTRY), [role], bucketPolicy, put('live/222222222222.json'))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn(REGISTRY), [role], bucketPolicy, get('live/222222222222.json'))).toBe('Allowed');
    expect(await verdict(roleIn(REGISTRY), [role], bucketPolicy, list('live/'))).toBe('Allowed');
  });

  it('lets a member\'s cleaner, with its own role\'s policy and this bucket policy, exchange its export and no other', async () => {
    const member = deployment(MEMBER, { bucketName: BUCKET }).role;
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, put('live/222222222222.json'))).toBe('Allowed');
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, put('live/333333333333.json'))).toBe('ImplicitlyDenied');
    // The bucket allows the account its -<name> keys, the cleaner's role does not: those are the CLI's exports.
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, put('live/222222222222-onprem.json'))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, get('live/333333333333.json'))).toBe('Allowed');
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, list('live/'))).toBe('Allowed');
    expect(await verdict(roleIn(MEMBER), [member], bucketPolicy, list('journal/'))).toBe('ImplicitlyDenied');
    // Across accounts the role's grant alone is not enough: without the bucket policy, S3 refuses.
    expect(await verdict(roleIn(MEMBER), [member], undefined, put('live/222222222222.json'))).toBe('ImplicitlyDenied');
  });
});

describe('the exchange bucket created for an organization, under an IAM policy evaluator', () => {
  const { bucketPolicy } = deployment(REGISTRY, { create: { organizationId: ORGANIZATION } });
  const inOrganization = (organization: string) => ({ 'aws:PrincipalOrgID': organization });

  it('lets every account of the organization write its own export only, and no account outside it', async () => {
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, put('live/444444444444.json'), inOrganization(ORGANIZATION))).toBe('Allowed');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, put('live/222222222222.json'), inOrganization(ORGANIZATION))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, get('live/222222222222.json'), inOrganization(ORGANIZATION))).toBe('Allowed');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, list('live/'), inOrganization(ORGANIZATION))).toBe('Allowed');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, put('live/444444444444.json'), inOrganization('o-zzzzzzzzzz'))).toBe('ImplicitlyDenied');
    expect(await verdict(roleIn('444444444444'), [S3_ADMIN], bucketPolicy, get('live/222222222222.json'))).toBe('ImplicitlyDenied');
  });
});
