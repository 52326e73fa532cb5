import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ExchangeProps } from './exchange';
import type { Regions } from './regions';

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
   * The regions one run reads and cleans: region names, or `'*'` for every region enabled in the account (listed at
   * each run with account:ListRegions). Every regional read and delete permission is granted in each of them (in
   * `*` for `'*'`); the Lambda gets them as REGIONS, the default for `settings.regions` when the config sets none.
   * The config, topic, journal and EKS access entries stay in the stack's region, and so does the pull-time update
   * exclusion: ECR keeps one list per registry, that is per region, so elsewhere the cleaner's manifest reads
   * update images' last pull time unless the role is registered there too (README, "Central registry").
   * @default the stack's region
   */
  readonly regions?: Regions;
  /**
   * The exchange bucket through which accounts share their live references (DESIGN.md "Regions and accounts"):
   * `bucketName` of an existing one (maybe in another account), or `create` to make it in this stack. The role may
   * write `live/<this account>.json`, read `live/*` and list `live/`; the Lambda gets the name as EXCHANGE_BUCKET,
   * the default for `settings.exchange.bucket`.
   * @default none: no exchange bucket, and no S3 access beyond the journal's
   */
  readonly exchange?: ExchangeProps;
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
