import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
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
import { HANDLER_BUNDLING } from './bundling';
import { JOURNAL_KEY, JournalBucket, LEASE_KEY } from './journal-bucket';
import { grantClusterView } from './eks-access';
import { defaultInitialConfig, STANDARD_PARAMETER_MAX_BYTES } from './initial-config';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { deletablePatterns, type DeletablePatterns } from './deletable-repositories';
import { cleanerStatements, vpcAccessStatements } from './permissions';
import { toSchedule, validateConfigPath, validateEksClusterNames, validateEmail, validateInitialConfig, validateReservedConcurrency, validateVpcPlacement } from './props-validation';

/** The Lambda's timeout: a run on a large account lists every image and every workload. */
export const RUN_TIMEOUT = Duration.minutes(15);
export const DEFAULT_CONFIG_PATH = '/ecr-retention/';
export const DEFAULT_SCHEDULE = 'rate(1 day)';
export const SERVICE_NAME = 'ecr-retention';

/** The handler is pointed at by path: lib/ never imports lambda/ code. */
const DEFAULT_ENTRY = path.join(__dirname, '..', 'lambda', 'handler.ts');

export interface EcrRetentionProps {
  /** Where run reports and alarms are mailed. The address must confirm the SNS subscription once. */
  readonly notifyEmail: string;
  /**
   * When the cleaner runs: an EventBridge schedule, or a `rate(...)` / `cron(...)` expression.
   * @default 'rate(1 day)'
   */
  readonly schedule?: events.Schedule | string;
  /**
   * The SSM path every config document lives under; it must start and end with `/`.
   * @default '/ecr-retention/'
   */
  readonly configPath?: string;
  /**
   * YAML text of the initial document `<configPath>config` (at most 4 KB). Later edits are made in SSM; a deploy
   * overwrites them only when this value (or the construct's default) changes.
   * @default a commented document in `plan` mode with no policy: nothing is ever deleted until you add one.
   */
  readonly initialConfig?: string;
  /**
   * EKS clusters (names, in this account and region) to grant the cleaner read access to with an access entry and
   * AmazonEKSViewPolicy at cluster scope. The clusters' authentication mode must be API or API_AND_CONFIG_MAP.
   * @default none
   */
  readonly eksClusters?: readonly string[];
  /**
   * How long the Lambda's logs are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Lambda memory in MB; memory also buys CPU. 2048 MB: the e2e bench projects 1.2–1.3 GB peak for 1M images.
   * @default 2048
   */
  readonly memorySize?: number;
  /**
   * Repository globs (as in the config: `*` and `?` within one path segment, `**` across, e.g. `team-a/*`) that
   * ecr:BatchDeleteImage is limited to, so that a config mistake cannot reach any other repository: IAM as a second
   * line behind the planner. Reads stay on every repository (live references can name any). A glob IAM cannot
   * express exactly is refused at synth (lib/deletable-repositories.ts says which and why).
   * @default every repository of this account and region
   */
  readonly deletableRepositories?: readonly string[];
  /**
   * Reserved concurrent executions for the function. Not needed to keep runs from overlapping (the run lease in the
   * journal's bucket does that), and it fails the deploy unless the account keeps at least 100 executions
   * unreserved: new accounts often have a quota of 10. Set it only to cap the function on a roomy account.
   * @default none (the account's unreserved pool)
   */
  readonly reservedConcurrency?: number;
  /**
   * The handler's TypeScript entry file (it must export `handler`). Tests point it at a fixture.
   * @default lambda/handler.ts of this project
   */
  readonly entry?: string;
  /**
   * The VPC to run the function in: needed when an EKS cluster's API endpoint is private (endpointPublicAccess
   * false) or public but restricted to CIDRs the Lambda service's addresses are not in. The function then reaches
   * AWS APIs (ECR, ECS, STS, SSM, SNS, S3, …) through the VPC: give its subnets a NAT gateway or VPC endpoints.
   * @default none: the function runs outside any VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Which subnets of `vpc` the function gets network interfaces in (private subnets that can reach the clusters'
   * endpoints). Only with `vpc`.
   * @default the VPC's private subnets (CDK's default selection)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the function's network interfaces; the clusters' security groups must allow HTTPS (443)
   * from them. Only with `vpc`.
   * @default one new security group allowing all outbound traffic
   */
  readonly securityGroups?: readonly ec2.ISecurityGroup[];
}

/**
 * A scheduled Lambda that deletes ECR images nothing can still pull, with its config in SSM, its reports and
 * alarms on an SNS topic, and IAM limited to the reads its live sources make plus ecr:BatchDeleteImage on this
 * account's repositories.
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
  /** The deletion journal's bucket: one object, written before each deleting run's first deletion. */
  public readonly journal: JournalBucket;

  constructor(scope: Construct, id: string, props: EcrRetentionProps) {
    super(scope, id);
    const configPath = validateConfigPath(props.configPath ?? DEFAULT_CONFIG_PATH);
    const eksClusters = validateEksClusterNames(props.eksClusters ?? []);
    const schedule = toSchedule(props.schedule ?? DEFAULT_SCHEDULE);
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

    // An explicit role rather than the default one: the managed AWSLambdaBasicExecutionRole would allow writing to
    // every log group; this role may write only to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'ecr-retention cleaner: reads live workloads, deletes ECR images nothing can pull.',
    });
    const deletable: DeletablePatterns | undefined = props.deletableRepositories ? deletablePatterns(props.deletableRepositories) : undefined;
    cleanerStatements(this, configPath, deletable).forEach((statement) => this.role.addToPrincipalPolicy(statement));
    // Lambda adds the managed VPC access policy only to a role it creates; this role gets the same actions inline.
    if (props.vpc) vpcAccessStatements(this).forEach((statement) => this.role.addToPrincipalPolicy(statement));
    this.topic.grantPublish(this.role);
    this.journal = new JournalBucket(this, 'Journal');
    this.journal.grantReadWrite(this.role);
    this.function = this.createFunction(props, configPath);
    new events.Rule(this, 'Schedule', {
      description: 'Runs the ECR retention cleaner.',
      schedule,
      targets: [new targets.LambdaFunction(this.function)],
    });
    this.alarms = new RunAlarms(this, 'Alarms', { fn: this.function, timeout: RUN_TIMEOUT, topic: this.topic });

    // The cleaner reads manifests with BatchGetImage; without the exclusion those reads could count as pulls and keep
    // every image "recently pulled" for pulledWithin rules.
    new ecr.CfnPullTimeUpdateExclusion(this, 'PullTimeExclusion', { principalArn: this.role.roleArn });
    eksClusters.forEach((clusterName) => grantClusterView(this, clusterName, this.role));
    acknowledgeNagFindings({ role: this.role, fn: this.function }, configPath, deletable, { vpc: props.vpc !== undefined });
  }

  private createFunction(props: EcrRetentionProps, configPath: string): nodejs.NodejsFunction {
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
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: HANDLER_BUNDLING,
    });
  }
}
