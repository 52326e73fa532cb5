/**
 * The `regions` prop and context: every regional read and delete permission in each listed region (or in `*`),
 * account:ListRegions only for "*", REGIONS for the Lambda, the deployment's own resources left in its region,
 * cdk-nag clean, names that are not regions refused; and the grants under an IAM policy evaluator.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetention, type EcrRetentionProps } from '../../lib/ecr-retention';
import { EcrRetentionStack } from '../../lib/ecr-retention-stack';
import { ACCOUNT, evaluate, rolePolicy } from './iam-evaluate';
import { allPolicyStatements, expectConfigError, NO_BUNDLING, type FlatStatement } from './support';

function synth(props: Partial<EcrRetentionProps>, env?: { account: string; region: string }) {
  const app = new App({ context: NO_BUNDLING });
  const stack = new Stack(app, 'Regions', env ? { env } : {});
  new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', ...props });
  return { app, template: Template.fromStack(stack) };
}

const bySid = (statements: FlatStatement[], sid: string) => statements.find((statement) => statement.sid === sid)?.resources;
const arn = (service: string, region: string, rest: string) => `arn:<AWS::Partition>:${service}:${region}:<AWS::AccountId>:${rest}`;

/** Each regional statement, and the resource it is scoped to in one region. */
const REGIONAL: readonly [string, string, string][] = [
  ['ReadEcrImages', 'ecr', 'repository/*'],
  ['DeleteEcrImages', 'ecr', 'repository/*'],
  ['ReadEcsWorkloads', 'ecs', '*'],
  ['ReadEventBridgeTargets', 'events', 'rule/*'],
  ['ReadSchedules', 'scheduler', 'schedule/*'],
  ['ReadLambdaFunctions', 'lambda', 'function:*'],
  ['ReadEksClusters', 'eks', 'cluster/*'],
];

describe('regions', () => {
  it.each<[string, Partial<EcrRetentionProps>, string[], string]>([
    ['left out', {}, ['<AWS::Region>'], '<AWS::Region>'],
    ['a list', { regions: ['us-east-1', 'eu-west-1'] }, ['us-east-1', 'eu-west-1'], 'us-east-1,eu-west-1'],
    ['"*"', { regions: '*' }, ['*'], '*'],
  ])('%s: scopes every regional read and delete to those regions, and tells the Lambda', (_case, props, arnRegions, environment) => {
    const { template } = synth(props);
    const statements = allPolicyStatements(template);
    for (const [sid, service, rest] of REGIONAL) {
      expect({ sid, resources: bySid(statements, sid) }).toEqual({ sid, resources: arnRegions.map((region) => arn(service, region, rest)) });
    }
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0]!;
    const regions = fn.Properties.Environment.Variables.REGIONS;
    expect(typeof regions === 'string' ? regions : `<${regions.Ref}>`).toBe(environment);
  });

  it('grants account:ListRegions on its own account for "*" only', () => {
    const listing = (props: Partial<EcrRetentionProps>) => allPolicyStatements(synth(props).template).filter((s) => s.actions.includes('account:ListRegions'));
    expect(listing({ regions: '*' })).toEqual([
      { sid: 'ListEnabledRegions', effect: 'Allow', actions: ['account:ListRegions'], resources: ['arn:<AWS::Partition>:account::<AWS::AccountId>:account'] },
    ]);
    expect(listing({ regions: ['us-east-1'] })).toEqual([]);
    expect(listing({})).toEqual([]);
  });

  it('reads every registry\'s replication rules, which take no resource-level permission', () => {
    const statements = allPolicyStatements(synth({ regions: ['eu-west-1'] }).template);
    expect(statements.find((s) => s.actions.includes('ecr:DescribeRegistry'))).toMatchObject({ sid: 'ListLiveSources', resources: ['*'] });
  });

  it('keeps its config in the stack\'s region whatever regions it covers', () => {
    const statements = allPolicyStatements(synth({ regions: ['eu-west-1'] }).template);
    expect(bySid(statements, 'ReadConfig')).toEqual([arn('ssm', '<AWS::Region>', 'parameter/ecr-retention'), arn('ssm', '<AWS::Region>', 'parameter/ecr-retention/*')]);
  });

  it('composes deletableRepositories with regions: each glob in each region, and its Deny too', () => {
    const statements = allPolicyStatements(synth({ regions: ['us-east-1', 'eu-west-1'], deletableRepositories: ['shop/*'] }).template);
    expect(bySid(statements, 'DeleteEcrImages')).toEqual([arn('ecr', 'us-east-1', 'repository/shop/*'), arn('ecr', 'eu-west-1', 'repository/shop/*')]);
    expect(bySid(statements, 'KeepDeletesInTheirSegments')).toEqual([arn('ecr', 'us-east-1', 'repository/shop/*/*'), arn('ecr', 'eu-west-1', 'repository/shop/*/*')]);
  });

  it('outputs the role\'s ARN when it covers regions, for their pull-time update exclusions (ECR keeps one per region)', () => {
    const outputs = (props: Partial<EcrRetentionProps>) => Object.values(synth(props).template.toJSON().Outputs ?? {});
    expect(outputs({ regions: ['eu-west-1'] })).toEqual([
      { Description: expect.stringMatching(/pull-time update exclusion in each covered region/), Value: { 'Fn::GetAtt': [expect.stringMatching(/^CleanerRole/), 'Arn'] } },
    ]);
    expect(outputs({})).toEqual([]);
  });

  it.each<[string, Partial<EcrRetentionProps>, { account: string; region: string } | undefined]>([
    ['a list', { regions: ['us-east-1', 'eu-west-1'], deletableRepositories: ['shop/*'] }, undefined],
    ['"*"', { regions: '*', deletableRepositories: ['shop/*', 'platform/**'] }, undefined],
    ['a list, in a stack bound to an account and region', { regions: ['eu-west-1', 'eu-central-1'], eksClusters: ['prod'] }, { account: '111122223333', region: 'eu-west-1' }],
  ])('passes the cdk-nag AwsSolutions checks with %s: each region\'s wildcards acknowledged', (_case, props, env) => {
    expect(new AwsSolutionsChecks().validateScope(synth(props, env).app).violations).toEqual([]);
  });

  it.each<[unknown, RegExp]>([
    [[], /^regions is empty: list at least one region, write "\*" for every enabled region, or leave it out/],
    [['US-EAST-1'], /^regions: "US-EAST-1" not a region name \(e\.g\. us-east-1/],
    [['us-east-1', 'eu-west'], /^regions: "eu-west" not a region name/],
    [['useast1'], /"useast1" not a region name/],
    [['*'], /^regions lists "\*" among region names: "\*" \(every enabled region\) stands alone/],
    [['eu-west-1', 'eu-west-1'], /^regions lists eu-west-1 twice/],
    ['us-east-1', /^regions "us-east-1" must be a list of region names or "\*"/],
  ])('refuses regions %j at synth, saying why', (regions, message) => {
    expectConfigError(() => synth({ regions: regions as EcrRetentionProps['regions'] }), message);
  });

  it.each<[unknown, string[]]>([
    ['*', ['*']],
    ['us-east-1, eu-west-1', ['us-east-1', 'eu-west-1']],
    [['eu-central-1'], ['eu-central-1']],
    [['*'], ['*']],
  ])('takes -c regions=%j', (regions, arnRegions) => {
    const stack = new EcrRetentionStack(new App({ context: { notifyEmail: 'ops@example.com', regions, ...NO_BUNDLING } }), 'EcrRetention');
    expect(bySid(allPolicyStatements(Template.fromStack(stack)), 'ReadEcrImages')).toEqual(arnRegions.map((region) => arn('ecr', region, 'repository/*')));
  });

  it('refuses a context region that is not one, naming the key', () => {
    const app = new App({ context: { notifyEmail: 'ops@example.com', regions: 'us-east-1,Europe', ...NO_BUNDLING } });
    expect(() => new EcrRetentionStack(app, 'EcrRetention')).toThrow(/^regions: "Europe" not a region name/);
  });
});

describe('regions under an IAM policy evaluator', () => {
  const locations = { bucket: 'b', journalKey: 'j', leaseKey: 'l', topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:t`, configPath: '/ecr-retention/' };
  const on = (region: string, name: string) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${name}`;

  it('reads and deletes in the listed regions only, within the deletable repositories', async () => {
    const policy = rolePolicy(synth({ regions: ['us-east-1', 'eu-west-1'], deletableRepositories: ['shop/*'] }).template, locations);
    expect(await evaluate(policy, { action: 'ecr:DescribeImages', resource: on('eu-west-1', 'batch/report') })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: on('eu-west-1', 'shop/api') })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: on('eu-west-1', 'shop/api/legacy') })).toBe('ExplicitlyDenied');
    expect(await evaluate(policy, { action: 'ecr:DescribeImages', resource: on('ap-south-1', 'shop/api') })).toBe('ImplicitlyDenied');
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: on('ap-south-1', 'shop/api') })).toBe('ImplicitlyDenied');
    expect(await evaluate(policy, { action: 'account:ListRegions', resource: `arn:aws:account::${ACCOUNT}:account` })).toBe('ImplicitlyDenied');
  });

  it('with "*", reads and deletes in any region and lists its own account\'s regions, not another\'s', async () => {
    const policy = rolePolicy(synth({ regions: '*' }).template, locations);
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: on('ap-south-1', 'shop/api') })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'eks:DescribeCluster', resource: `arn:aws:eks:sa-east-1:${ACCOUNT}:cluster/prod` })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'ecr:DescribeRegistry', resource: '*' })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'account:ListRegions', resource: `arn:aws:account::${ACCOUNT}:account` })).toBe('Allowed');
    expect(await evaluate(policy, { action: 'account:ListRegions', resource: 'arn:aws:account::210987654321:account' })).toBe('ImplicitlyDenied');
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: 'arn:aws:ecr:ap-south-1:210987654321:repository/shop/api' })).toBe('ImplicitlyDenied');
  });
});
