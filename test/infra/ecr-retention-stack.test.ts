import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parse } from 'yaml';
import { requiredActions } from './iam-actions';
import { observeRunCalls } from './observed-calls';
import { allPolicyStatements, onlyLogicalId, synthStack, type SynthesizedStack } from './support';

// The IAM test runs the pipeline over the SDK, whose Node.js 20 deprecation notice would only add noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// One bundled synth, with the AwsSolutions checks registered as bin/app.ts does, shared by every test below.
let synthesized: SynthesizedStack;
beforeAll(() => {
  synthesized = synthStack({ notifyEmail: 'ops@example.com' }, { bundle: true });
});
afterAll(() => fs.rmSync(synthesized.app.outdir, { recursive: true, force: true }));

const REPOSITORIES = 'arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/*';

/**
 * Granted for the Lambda service, which writes the function's output to its log group with the role: the code
 * itself makes no CloudWatch Logs call. (A later test checks they are scoped to the function's own log group.)
 */
const LOG_DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

describe('the ECR retention stack', () => {
  it('runs the cleaner on Node.js 22, arm64, for up to 15 minutes, reserving no concurrency by default', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 900,
      ReservedConcurrentExecutions: Match.absent(),
      MemorySize: 2048,
      Handler: 'index.handler',
    });
  });

  it('does not retry a failed run at once: the next scheduled run starts afresh', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  it('tells the function where its config, topic and journal are, that it covers its own region, and names no exchange bucket', () => {
    const topic = onlyLogicalId(synthesized.template, 'AWS::SNS::Topic');
    const bucket = onlyLogicalId(synthesized.template, 'AWS::S3::Bucket');
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          CONFIG_PATH: '/ecr-retention/',
          TOPIC_ARN: { Ref: topic },
          JOURNAL_BUCKET: { Ref: bucket },
          JOURNAL_KEY: 'journal/deletions.json',
          LEASE_KEY: 'lease/run.json',
          REGIONS: { Ref: 'AWS::Region' },
          POWERTOOLS_SERVICE_NAME: 'ecr-retention',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    const fn = Object.values(synthesized.template.findResources('AWS::Lambda::Function'))[0]!;
    expect(fn.Properties.Environment.Variables.EXCHANGE_BUCKET).toBeUndefined();
  });

  it('bundles the handler locally into one minified CommonJS file with a source map', () => {
    const fn = Object.values(synthesized.template.findResources('AWS::Lambda::Function'))[0]!;
    // The zip's key is the asset hash; the bundling output sits in `asset.<hash>` of the cloud assembly.
    const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    const assetDir = path.join(synthesized.app.synth().directory, `asset.${assetHash}`);
    expect(fs.readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map']);
    const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(bundle).toMatch(/module\.exports/);
    expect(bundle).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
  });

  it('invokes the function daily by default', () => {
    const fn = onlyLogicalId(synthesized.template, 'AWS::Lambda::Function');
    synthesized.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })],
    });
    synthesized.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
    });
  });

  it('mails reports to the email subscription of a topic that refuses non-TLS publishing', () => {
    const topic = onlyLogicalId(synthesized.template, 'AWS::SNS::Topic');
    synthesized.template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'ECR retention' });
    synthesized.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topic },
    });
    synthesized.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 'sns:Publish', Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  it('installs an initial config document in plan mode that governs no repository', () => {
    const parameters = Object.values(synthesized.template.findResources('AWS::SSM::Parameter'));
    expect(parameters).toHaveLength(1);
    const { Name, Tier, Type, Value } = parameters[0]!.Properties;
    expect({ Name, Tier, Type }).toEqual({ Name: '/ecr-retention/config', Tier: 'Standard', Type: 'String' });
    const document = parse(Value);
    expect(document.settings.mode).toBe('plan');
    expect(document.policies).toEqual([]);
    expect(document.settings.live.eks).toEqual({ clusters: ['*'] });
  });

  it('grants exactly the actions a plan run and a delete run call for, and nothing on "*" but listings', async () => {
    const needed = requiredActions(await observeRunCalls(Date.now()));
    const statements = allPolicyStatements(synthesized.template);
    const granted = new Set(statements.flatMap((statement) => statement.actions).filter((action) => !LOG_DELIVERY_ACTIONS.includes(action)));
    const grantedButNeverCalled = [...granted].filter((action) => !needed.has(action)).sort();
    const calledButNotGranted = [...needed].filter((action) => !granted.has(action)).sort();
    expect({ grantedButNeverCalled, calledButNotGranted }).toEqual({ grantedButNeverCalled: [], calledButNotGranted: [] });
    expect(statements.every((statement) => statement.effect === 'Allow')).toBe(true);
    expect(statements.flatMap((statement) => statement.actions).filter((action) => action.includes('*'))).toEqual([]);
    const onStar = statements.filter((statement) => statement.resources.includes('*')).flatMap((statement) => statement.actions);
    expect(onStar.every((action) => /^[a-z]+:(List|Describe)/.test(action))).toBe(true);
  });

  it('allows ecr:BatchDeleteImage only on this account\'s repositories', () => {
    const deleting = allPolicyStatements(synthesized.template).filter((statement) => statement.actions.includes('ecr:BatchDeleteImage'));
    expect(deleting).toEqual([{ sid: 'DeleteEcrImages', effect: 'Allow', actions: ['ecr:BatchDeleteImage'], resources: [REPOSITORIES] }]);
  });

  it('reads config only under the config path and publishes only to its topic', () => {
    const statements = allPolicyStatements(synthesized.template);
    const topic = onlyLogicalId(synthesized.template, 'AWS::SNS::Topic');
    expect(statements.find((statement) => statement.actions.includes('ssm:GetParametersByPath'))!.resources).toEqual([
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/ecr-retention',
      'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/ecr-retention/*',
    ]);
    expect(statements.find((statement) => statement.actions.includes('sns:Publish'))!.resources).toEqual([`<${topic}>`]);
  });

  it('keeps the state and the report pages in a private, encrypted, versioned, TLS-only bucket; pages expire after 90 days', () => {
    synthesized.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [
        Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
        Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 90, Status: 'Enabled' }),
      ] },
    });
    synthesized.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets the role read and write under state/ only, write report pages, read the old journal, hold the lease object only, and list its bucket (so a missing state is a 404)', () => {
    const bucket = onlyLogicalId(synthesized.template, 'AWS::S3::Bucket');
    const s3 = allPolicyStatements(synthesized.template).filter((statement) => statement.actions.some((action) => action.startsWith('s3:')));
    expect(s3).toEqual([
      { sid: 'ReadWriteState', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: [`<${bucket}.Arn>/state/*`] },
      { sid: 'WriteReports', effect: 'Allow', actions: ['s3:PutObject'], resources: [`<${bucket}.Arn>/reports/*`] },
      { sid: 'ReadLegacyJournal', effect: 'Allow', actions: ['s3:GetObject'], resources: [`<${bucket}.Arn>/journal/deletions.json`] },
      { sid: 'HoldRunLease', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [`<${bucket}.Arn>/lease/run.json`] },
      { sid: 'FindJournal', effect: 'Allow', actions: ['s3:ListBucket'], resources: [`<${bucket}.Arn>`] },
    ]);
  });

  it('keeps logs for three months, written only by the function to its own log group', () => {
    const logGroup = onlyLogicalId(synthesized.template, 'AWS::Logs::LogGroup');
    synthesized.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroup } } });
    const logging = allPolicyStatements(synthesized.template).filter((statement) => statement.actions.some((a) => a.startsWith('logs:')));
    expect(logging.flatMap((statement) => statement.resources)).toEqual([`<${logGroup}.Arn>`]);
    synthesized.template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    synthesized.template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('alarms to the topic on errors, throttles and runs reaching 95 % of the timeout', () => {
    const topic = onlyLogicalId(synthesized.template, 'AWS::SNS::Topic');
    const fn = onlyLogicalId(synthesized.template, 'AWS::Lambda::Function');
    const expected = [['Errors', 'Sum', 1], ['Throttles', 'Sum', 1], ['Duration', 'Maximum', 855_000]] as const;
    synthesized.template.resourceCountIs('AWS::CloudWatch::Alarm', expected.length);
    for (const [MetricName, Statistic, Threshold] of expected) {
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName, Statistic, Threshold, Namespace: 'AWS/Lambda',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('lets this account\'s alarms publish to the topic despite its explicit policy', () => {
    synthesized.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' },
          Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        })]),
      },
    });
  });

  it('excludes the cleaner\'s own manifest reads from the images\' last pull time', () => {
    const role = onlyLogicalId(synthesized.template, 'AWS::IAM::Role');
    synthesized.template.hasResourceProperties('AWS::ECR::PullTimeUpdateExclusion', { PrincipalArn: { 'Fn::GetAtt': [role, 'Arn'] } });
  });

  it('creates no EKS access entry when no cluster is named', () => {
    synthesized.template.resourceCountIs('AWS::EKS::AccessEntry', 0);
  });

  it('passes the cdk-nag AwsSolutions checks, with no warning left either', () => {
    // The synth above already ran the registered checks (a finding fails it); this reruns them for warnings too.
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });
});
