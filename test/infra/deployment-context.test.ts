import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetentionStack } from '../../lib/ecr-retention-stack';
import { allPolicyStatements, NO_BUNDLING } from './support';

/** Builds the stack from `-c` context the way bin/app.ts does; no bundling, so each case takes milliseconds. */
function stackWith(context: Record<string, unknown>): EcrRetentionStack {
  return new EcrRetentionStack(new App({ context: { ...context, ...NO_BUNDLING } }), 'EcrRetention');
}

function synthError(context: Record<string, unknown>): Error {
  try {
    Template.fromStack(stackWith(context));
  } catch (error) {
    return error as Error;
  }
  throw new Error(`synth succeeded with ${JSON.stringify(context)}`);
}

describe('deployment context', () => {
  it.each([
    ['missing', {}],
    ['empty', { notifyEmail: '' }],
    ['not an address', { notifyEmail: 'ops' }],
    ['without a domain suffix', { notifyEmail: 'ops@example' }],
    ['two addresses', { notifyEmail: 'a@example.com,b@example.com' }],
    ['not a string', { notifyEmail: 42 }],
  ])('fails the synth when notifyEmail is %s, saying how to pass it', (_case, context) => {
    const error = synthError(context);
    expect(error.message).toMatch(/notifyEmail/);
    expect(error.message).toContain('-c notifyEmail=ops@example.com');
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['rate(6 hours)', 'rate(6 hours)'],
    ['rate(1 day)', 'rate(1 day)'],
    [' cron(0 3 * * ? *) ', 'cron(0 3 * * ? *)'],
  ])('schedules the run with %j', (schedule, expression) => {
    Template.fromStack(stackWith({ notifyEmail: 'ops@example.com', schedule }))
      .hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: expression });
  });

  it.each(['daily', 'rate(1 days)', 'rate(6 hour)', 'rate(0 hours)', 'cron(0 3 * * ?)', 'at(2030-01-01T00:00:00)'])(
    'refuses the schedule %j with the accepted forms', (schedule) => {
      expect(synthError({ notifyEmail: 'ops@example.com', schedule }).message).toMatch(/schedule .*(rate\(|EventBridge wants)/);
    });

  it('reads and names its config under a custom path', () => {
    const stack = stackWith({ notifyEmail: 'ops@example.com', configPath: '/platform/ecr/' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/platform/ecr/config' });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { CONFIG_PATH: '/platform/ecr/' } } });
    const reads = allPolicyStatements(template).find((statement) => statement.actions.includes('ssm:GetParametersByPath'))!;
    expect(reads.resources).toEqual([
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/platform/ecr',
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/platform/ecr/*',
    ]);
    // The acknowledgement of the wildcard under the path follows the path.
    expect(new AwsSolutionsChecks().validateScope(stack.node.root).violations).toEqual([]);
  });

  it.each(['ecr-retention/', '/ecr-retention', '/', '/ecr retention/', '/aws/ecr/'])('refuses the config path %j', (configPath) => {
    expect(synthError({ notifyEmail: 'ops@example.com', configPath }).message).toMatch(/configPath/);
  });

  it.each(['-bad', 'a'.repeat(101), 'with space'])('refuses the EKS cluster name %j', (name) => {
    expect(synthError({ notifyEmail: 'ops@example.com', eksClusters: name }).message).toMatch(/eksClusters/);
  });

  it('accepts the cluster list as a cdk.json array too', () => {
    Template.fromStack(stackWith({ notifyEmail: 'ops@example.com', eksClusters: ['prod'] }))
      .resourceCountIs('AWS::EKS::AccessEntry', 1);
  });

  it('limits deletes to -c deletableRepositories=a,b and reserves -c reservedConcurrency=N', () => {
    const template = Template.fromStack(stackWith({ notifyEmail: 'ops@example.com', deletableRepositories: 'shop/api, team-a/**', reservedConcurrency: '3' }));
    const deleting = allPolicyStatements(template).filter((statement) => statement.actions.includes('ecr:BatchDeleteImage'));
    expect(deleting.map((statement) => [statement.effect, statement.resources])).toEqual([[
      'Allow', ['arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/shop/api', 'arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/team-a/*'],
    ]]);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 3 });
  });

  it.each([
    [{ deletableRepositories: 'team-a/**/*' }, /deletableRepositories: "team-a\/\*\*\/\*" mixes/],
    [{ reservedConcurrency: 'many' }, /Context "reservedConcurrency" must be a number/],
    [{ reservedConcurrency: '0' }, /reservedConcurrency 0 must be a whole number of at least 1/],
  ])('fails the synth on %j, saying why', (context, message) => {
    expect(synthError({ notifyEmail: 'ops@example.com', ...context }).message).toMatch(message);
  });
});
