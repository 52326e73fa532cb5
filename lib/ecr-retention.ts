import * as path from 'path';
import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { allowAlarmsToPublish, RunAlarms } from './alarms';
import { RunDashboard } from './dashboard';
import { HANDLER_BUNDLING } from './bundling';
import { JOURNAL_KEY, JournalBucket, LEASE_KEY, STATE_PREFIX } from './journal-bucket';
import { grantClusterView } from './eks-access';
import { defaultInitialConfig, STANDARD_PARAMETER_MAX_BYTES } from './initial-config';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { deletablePatterns, type DeletablePatterns } from './deletable-repositories';
import type { EcrRetentionProps } from './ecr-retention-props';
import { bucketArnOf, exchangeStatements, validateExchange, type ExchangeProps } from './exchange';
import { ExchangeBucket } from './exchange-bucket';
import { cleanerStatements, vpcAccessStatements } from './permissions';
import { regionScope, type RegionScope } from './regions';
import { toSchedule, validateConfigPath, validateEksClusterNames, validateEmail, validateInitialConfig, validateReservedConcurrency, validateVpcPlacement } from './props-validation';

/** The Lambda's timeout: a run on a large account lists every image and every workload. */
export const RUN_TIMEOUT = Duration.minutes(15);
export const DEFAULT_CONFIG_PATH = '/ecr-retention/';
export const DEFAULT_SCHEDULE = 'rate(1 day)';
export const SERVICE_NAME = 'ecr-retention';

export type { EcrRetentionProps } from './ecr-retention-props';

const PULL_TIME_ELSEWHERE = 'The cleaner\'s role: register it as a pull-time update exclusion in each covered region other than the stack\'s.';

/** The handler is pointed at by path: lib/ never imports lambda/ code. */
const DEFAULT_ENTRY = path.join(__dirname, '..', 'lambda', 'handler.ts');

/**
 * A scheduled Lambda that deletes ECR images nothing can still pull, with its config in SSM, its reports and
 * alarms on an SNS topic, and IAM limited to the reads its live sources make plus ecr:BatchDeleteImage on this
 * account's repositories, in the regions it covers; optionally the organization's exchange bucket.
 */
export class EcrRetention extends Construct {
  /** Run reports and alarms; subscribe more endpoints to it if needed. */
  public readonly topic: sns.Topic;
  public readonly function: nodejs.NodejsFunction;
  /** The function's execution role: the principal of the EKS access entries and of the pull-time exclusion. */
  public readonly role: iam.Role;
  /** The initial config document, `<configPath>config`. */
  public readonly configParameter: ssm.StringParameter;
  public readonly alarms: RunAlarms;
  /** Deletions, bytes, the live set, the exports relied on, failures and durations, by region and repository. */
  public readonly dashboard: RunDashboard;
  /** The deletion journal's bucket: one object, written before each deleting run's first deletion. */
  public readonly journal: JournalBucket;
  /** The exchange bucket, when this stack creates it (`exchange.create`). */
  public readonly exchangeBucket?: ExchangeBucket;
  /** The exchange bucket's name, created here or given (`exchange.bucketName`); undefined without an exchange. */
  public readonly exchangeBucketName?: string;

  constructor(scope: Construct, id: string, props: EcrRetentionProps) {
    super(scope, id);
    const configPath = validateConfigPath(props.configPath ?? DEFAULT_CONFIG_PATH);
    const eksClusters = validateEksClusterNames(props.eksClusters ?? []);
    const schedule = toSchedule(props.schedule ?? DEFAULT_SCHEDULE);
    const regions = regionScope(this, props.regions);
    validateVpcPlacement(props);

    this.topic = new sns.Topic(this, 'Reports', { displayName: 'ECR retention', enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(validateEmail(props.notifyEmail)));
    allowAlarmsToPublish(this.topic);

    this.configParameter = new ssm.StringParameter(this, 'Config', {
      parameterName: `${configPath}config`,
      description: 'ecr-retention config document (YAML). Every parameter under the path is read at each run.',
      stringValue: validateInitialConfig(props.initialConfig ?? defaultInitialConfig(configPath), STANDARD_PARAMETER_MAX_BYTES),
      tier: ssm.ParameterTier.STANDARD,
    });

    const deletable: DeletablePatterns | undefined = props.deletableRepositories ? deletablePatterns(props.deletableRepositories) : undefined;
    this.role = this.createRole(cleanerStatements(this, configPath, regions, deletable), props.vpc !== undefined);
    this.topic.grantPublish(this.role);
    this.journal = new JournalBucket(this, 'Journal');
    this.journal.grantReadWrite(this.role);
    const exchange = props.exchange ? this.joinExchange(props.exchange) : undefined;
    this.exchangeBucket = exchange?.created;
    this.exchangeBucketName = exchange?.name;
    this.function = this.createFunction(props, configPath, regions);
    new events.Rule(this, 'Schedule', {
      description: 'Runs the ECR retention cleaner.',
      schedule,
      targets: [new targets.LambdaFunction(this.function)],
    });
    this.alarms = new RunAlarms(this, 'Alarms', { fn: this.function, timeout: RUN_TIMEOUT, topic: this.topic });
    this.dashboard = new RunDashboard(this, 'Dashboard', { fn: this.function });

    // The cleaner reads manifests with BatchGetImage; without the exclusion those reads could count as pulls and keep
    // every image "recently pulled" for pulledWithin rules. An exclusion is per registry, that is per region: this
    // one covers the stack's region only (README: other regions).
    new ecr.CfnPullTimeUpdateExclusion(this, 'PullTimeExclusion', { principalArn: this.role.roleArn });
    if (props.regions !== undefined) new CfnOutput(this, 'RoleArn', { description: PULL_TIME_ELSEWHERE, value: this.role.roleArn });
    eksClusters.forEach((clusterName) => grantClusterView(this, clusterName, this.role));
    acknowledgeNagFindings({ role: this.role, fn: this.function }, configPath, {
      deletable, vpc: props.vpc !== undefined, regions: regions.arnRegions, exchangeBucketArn: exchange?.arn, journalBucketArn: this.journal.bucket.bucketArn,
    });
  }

  /**
   * An explicit role rather than the default one: the managed AWSLambdaBasicExecutionRole would allow writing to
   * every log group; this role may write only to its own.
   */
  private createRole(statements: readonly iam.PolicyStatement[], inVpc: boolean): iam.Role {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'ecr-retention cleaner: reads live workloads, deletes ECR images nothing can pull.',
    });
    statements.forEach((statement) => role.addToPrincipalPolicy(statement));
    // Lambda adds the managed VPC access policy only to a role it creates; this role gets the same actions inline.
    if (inVpc) vpcAccessStatements(this).forEach((statement) => role.addToPrincipalPolicy(statement));
    return role;
  }

  /** The exchange bucket, created here or named, with the role's grants on it. */
  private joinExchange(props: ExchangeProps): { created?: ExchangeBucket; name: string; arn: string } {
    const { bucketName, create } = validateExchange(props);
    const created = create ? new ExchangeBucket(this, 'Exchange', create) : undefined;
    const name = created ? created.bucket.bucketName : bucketName!;
    const arn = created ? created.bucket.bucketArn : bucketArnOf(this, name);
    exchangeStatements(this, arn).forEach((statement) => this.role.addToPrincipalPolicy(statement));
    return { created, name, arn };
  }

  private createFunction(props: EcrRetentionProps, configPath: string, regions: RegionScope): nodejs.NodejsFunction {
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS });
    logGroup.grantWrite(this.role);
    return new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry ?? DEFAULT_ENTRY,
      handler: 'handler',
      description: 'Deletes ECR images that nothing can still pull.',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 2048,
      timeout: RUN_TIMEOUT,
      // One run at a time is the run lease's job (LEASE_KEY), not reserved concurrency's: see the prop.
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: validateReservedConcurrency(props.reservedConcurrency) }),
      // A failed run is not retried at once: the alarm mails, and the next scheduled run starts from a fresh inventory.
      retryAttempts: 0,
      role: this.role,
      logGroup,
      ...(props.vpc ? { vpc: props.vpc, vpcSubnets: props.vpcSubnets, securityGroups: props.securityGroups ? [...props.securityGroups] : undefined } : {}),
      environment: {
        CONFIG_PATH: configPath,
        TOPIC_ARN: this.topic.topicArn,
        JOURNAL_BUCKET: this.journal.bucket.bucketName,
        JOURNAL_KEY,
        LEASE_KEY,
        STATE_PREFIX,
        REGIONS: regions.environment,
        ...(this.exchangeBucketName === undefined ? {} : { EXCHANGE_BUCKET: this.exchangeBucketName }),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: HANDLER_BUNDLING,
    });
  }
}
