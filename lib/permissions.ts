import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DeletablePatterns } from './deletable-repositories';
import { ownAccountArn, type RegionScope } from './regions';

/**
 * The exact IAM actions the adapters call, grouped by the resource they can be scoped to. Actions whose API takes
 * no resource-level permission (the List* that enumerate an account, DescribeTaskDefinition, Batch) get `*`;
 * everything that can be scoped is scoped to this account and to the regions the cleaner covers (lib/regions.ts:
 * the stack's own by default). Deleting is only ever on ECR repositories.
 * sts:GetCallerIdentity (the EKS token and the account lookup) needs no permission.
 */

/**
 * ECR reads: referrers come from DescribeImages' subjectManifestDigest, so ListImageReferrers is not needed.
 * GetLifecyclePolicy (resource type repository) tells the run which governed repositories still have a lifecycle policy.
 */
export const ECR_READ_ACTIONS = [
  'ecr:DescribeRepositories',
  'ecr:DescribeImages',
  'ecr:BatchGetImage',
  'ecr:GetLifecyclePolicy',
] as const;

export const ECR_DELETE_ACTION = 'ecr:BatchDeleteImage';

/** Live-source reads that take no resource-level permission. */
export const UNSCOPED_READ_ACTIONS = [
  'ecs:ListClusters',
  'ecs:ListServices',
  'ecs:ListTasks',
  'ecs:ListTaskDefinitionFamilies',
  'ecs:ListTaskDefinitions',
  'ecs:DescribeTaskDefinition',
  // ECS Managed Daemons: their resource types are not in the Service Authorization Reference this was checked
  // against, and `*` authorizes them whether they take one or not.
  'ecs:ListDaemons',
  'ecs:DescribeDaemon',
  'ecs:DescribeDaemonRevisions',
  'ecs:DescribeDaemonTaskDefinition',
  'events:ListEventBuses',
  'events:ListRules',
  'scheduler:ListSchedules',
  'lambda:ListFunctions',
  'batch:DescribeJobDefinitions',
  'batch:DescribeJobQueues',
  'batch:ListJobs',
  'batch:DescribeJobs',
  'eks:ListClusters',
  // The registry's replication rules (a destination that replicates deletions counts its references for the source);
  // the Service Authorization Reference lists no resource type for it.
  'ecr:DescribeRegistry',
  // The repository creation templates, for the coexistence report (a template's lifecycle policy comes with every
  // repository ECR creates under it): a registry-level read like DescribeRegistry, evaluated on "*".
  'ecr:DescribeRepositoryCreationTemplates',
] as const;

/** Granted only for regions "*": the enabled regions of the caller's own account. */
export const LIST_REGIONS_ACTION = 'account:ListRegions';

/** Live-source reads scoped to this account's resources of their service, in each region covered. */
interface ScopedReads {
  readonly sid: string;
  readonly service: string;
  readonly resource: string;
  readonly sep: ArnFormat;
  readonly actions: readonly string[];
}

const SCOPED_READ_ACTIONS: readonly ScopedReads[] = [
  {
    sid: 'ReadEcsWorkloads', service: 'ecs', resource: '*', sep: ArnFormat.NO_RESOURCE_NAME,
    actions: ['ecs:DescribeClusters', 'ecs:DescribeServices', 'ecs:DescribeServiceRevisions', 'ecs:ListServiceDeployments', 'ecs:DescribeServiceDeployments', 'ecs:DescribeTasks'],
  },
  { sid: 'ReadEventBridgeTargets', service: 'events', resource: 'rule', sep: ArnFormat.SLASH_RESOURCE_NAME, actions: ['events:ListTargetsByRule'] },
  { sid: 'ReadSchedules', service: 'scheduler', resource: 'schedule', sep: ArnFormat.SLASH_RESOURCE_NAME, actions: ['scheduler:GetSchedule'] },
  {
    sid: 'ReadLambdaFunctions', service: 'lambda', resource: 'function', sep: ArnFormat.COLON_RESOURCE_NAME,
    actions: ['lambda:GetFunction', 'lambda:ListVersionsByFunction'],
  },
  { sid: 'ReadEksClusters', service: 'eks', resource: 'cluster', sep: ArnFormat.SLASH_RESOURCE_NAME, actions: ['eks:DescribeCluster'] },
];

/** `arn:<partition>:ecr:<region>:<account>:repository/*` per region: every repository of this account there. */
export function repositoriesArns(scope: Construct, regions: readonly string[]): string[] {
  return repositoryArns(scope, ['*'], regions);
}

/** The ARN patterns of every scoped read in one region, in statement order (for acknowledgements and tests). */
export function scopedReadArns(scope: Construct, region: string): string[] {
  return SCOPED_READ_ACTIONS.map((group) => scopedArn(scope, group, region));
}

function scopedArn(scope: Construct, group: ScopedReads, region: string): string {
  const { service, resource, sep } = group;
  return sep === ArnFormat.NO_RESOURCE_NAME
    ? Stack.of(scope).formatArn({ service, region, resource, arnFormat: sep })
    : Stack.of(scope).formatArn({ service, region, resource, resourceName: '*', arnFormat: sep });
}

/**
 * The ARNs ssm:GetParametersByPath is evaluated against: the path itself (IAM sees it without its trailing
 * slash) and everything under it.
 */
export function configPathArns(scope: Construct, configPath: string): string[] {
  const pathWithoutSlashes = configPath.replace(/^\/+|\/+$/g, '');
  const stack = Stack.of(scope);
  return [
    stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: pathWithoutSlashes }),
    stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${pathWithoutSlashes}/*` }),
  ];
}

/** `arn:<partition>:ecr:<region>:<account>:repository/<pattern>` for each region and pattern. */
export function repositoryArns(scope: Construct, patterns: readonly string[], regions: readonly string[]): string[] {
  return regions.flatMap((region) => patterns.map((resourceName) => Stack.of(scope).formatArn({ service: 'ecr', region, resource: 'repository', resourceName })));
}

/**
 * ecr:BatchDeleteImage on this account's repositories in each region covered, or only on the deletable ones there
 * (with the Deny that keeps their one-segment wildcards within their segment: lib/deletable-repositories.ts).
 */
function deleteStatements(scope: Construct, regions: readonly string[], deletable: DeletablePatterns | undefined): iam.PolicyStatement[] {
  if (!deletable) return [new iam.PolicyStatement({ sid: 'DeleteEcrImages', actions: [ECR_DELETE_ACTION], resources: repositoriesArns(scope, regions) })];
  return [
    new iam.PolicyStatement({ sid: 'DeleteEcrImages', actions: [ECR_DELETE_ACTION], resources: repositoryArns(scope, deletable.allow, regions) }),
    ...(deletable.deny.length === 0 ? [] : [new iam.PolicyStatement({
      sid: 'KeepDeletesInTheirSegments', effect: iam.Effect.DENY, actions: [ECR_DELETE_ACTION], resources: repositoryArns(scope, deletable.deny, regions),
    })]),
  ];
}

/**
 * Every statement of the cleaner's role, except logging (granted by the log group), SNS (by the topic), the journal
 * and the exchange (by their buckets). The config stays in the stack's region: it is this deployment's own.
 */
export function cleanerStatements(scope: Construct, configPath: string, regions: RegionScope, deletable?: DeletablePatterns): iam.PolicyStatement[] {
  const { arnRegions } = regions;
  return [
    new iam.PolicyStatement({ sid: 'ReadEcrImages', actions: [...ECR_READ_ACTIONS], resources: repositoriesArns(scope, arnRegions) }),
    ...deleteStatements(scope, arnRegions, deletable),
    new iam.PolicyStatement({ sid: 'ListLiveSources', actions: [...UNSCOPED_READ_ACTIONS], resources: ['*'] }),
    ...SCOPED_READ_ACTIONS.map((group) => new iam.PolicyStatement({
      sid: group.sid,
      actions: [...group.actions],
      resources: arnRegions.map((region) => scopedArn(scope, group, region)),
    })),
    ...(regions.everyRegion ? [new iam.PolicyStatement({ sid: 'ListEnabledRegions', actions: [LIST_REGIONS_ACTION], resources: [ownAccountArn(scope)] })] : []),
    new iam.PolicyStatement({ sid: 'ReadConfig', actions: ['ssm:GetParametersByPath'], resources: configPathArns(scope, configPath) }),
  ];
}


/**
 * What a function in a VPC needs to manage its network interfaces: the actions of the AWSLambdaVPCAccessExecutionRole
 * managed policy (Lambda developer guide, "Giving Lambda functions access to resources in an Amazon VPC"). The
 * Describe actions take no resource-level permission; the others are limited to this account's and region's EC2
 * resources.
 */
export const VPC_DESCRIBE_ACTIONS = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'] as const;
export const VPC_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
] as const;

/** `arn:<partition>:ec2:<region>:<account>:*` (network interfaces, subnets, security groups). */
export function ec2ResourcesArn(scope: Construct): string {
  return Stack.of(scope).formatArn({ service: 'ec2', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

export function vpcAccessStatements(scope: Construct): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'DescribeVpcInterfaces', actions: [...VPC_DESCRIBE_ACTIONS], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'ManageVpcInterfaces', actions: [...VPC_INTERFACE_ACTIONS], resources: [ec2ResourcesArn(scope)] }),
  ];
}
