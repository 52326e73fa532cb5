import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DeletablePatterns } from './deletable-repositories';
import { configPathArns, ec2ResourcesArn, repositoriesArn, repositoryArns, scopedReadArns, UNSCOPED_READ_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_INTERFACE_ACTIONS } from './permissions';

/**
 * cdk-nag AwsSolutions findings this design accepts, each acknowledged on its own (cdk-nag 3 has no bulk
 * suppression) and on the narrowest construct, with the reason. Anything new fails the synth.
 */
export function acknowledgeNagFindings(
  parts: { role: IConstruct; fn: IConstruct },
  configPath: string,
  deletable?: DeletablePatterns,
  options: { vpc: boolean } = { vpc: false },
): void {
  const wildcard = (arn: string, reason: string) => Validations.of(parts.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagResourceText(parts.role, arn)}]`,
    reason,
  });
  const [ecs, rules, schedules, functions, clusters] = scopedReadArns(parts.role);

  wildcard('*', `Read-only listings that support no resource-level permission: ${UNSCOPED_READ_ACTIONS.join(', ')}.`);
  wildcard(repositoriesArn(parts.role), 'The repositories to read and clean are chosen at run time by the SSM config '
    + '(a repository no policy governs is never touched); the pattern is this account\'s and region\'s repositories only. '
    + (deletable ? 'Reads only: ecr:BatchDeleteImage is limited to the deletableRepositories.' : 'ecr:BatchDeleteImage appears on no other resource.'));
  const wildcardDeletable = (deletable?.allow ?? []).filter((pattern) => pattern.includes('*'));
  repositoryArns(parts.role, wildcardDeletable).forEach((arn) => wildcard(arn, 'ecr:BatchDeleteImage on the repositories of a '
    + 'deletableRepositories glob, translated so that IAM allows no name the glob does not match (a Deny keeps one-segment '
    + 'wildcards within their segment).'));
  wildcard(ecs!, 'Read-only ECS describes (services, service revisions and deployments, tasks) across the clusters the '
    + 'config selects at run time (clusters: ["*"] = all); limited to this account and region.');
  wildcard(rules!, 'events:ListTargetsByRule on every rule of every bus of this account and region: any rule may run an '
    + 'ECS task, whose image must then stay; read-only.');
  wildcard(schedules!, 'scheduler:GetSchedule on every schedule group: any schedule may run an ECS task, whose image must '
    + 'then stay; read-only.');
  wildcard(functions!, 'Every image-based Lambda function ($LATEST and every published version) is a live source; '
    + 'GetFunction, ListVersionsByFunction only read; limited to this account and region.');
  wildcard(clusters!, 'eks:DescribeCluster (endpoint and CA only) on the clusters the config selects at run time; '
    + 'Kubernetes read access is granted per cluster by access entries.');
  if (options.vpc) {
    wildcard('*', `Lambda's VPC network interface listings support no resource-level permission: ${VPC_DESCRIBE_ACTIONS.join(', ')}.`);
    wildcard(ec2ResourcesArn(parts.role), `The function's own VPC network interfaces (${VPC_INTERFACE_ACTIONS.join(', ')}), `
      + 'which Lambda creates in the chosen subnets; their ids are not known at deploy time. This account and region only.');
  }
  const [, underConfigPath] = configPathArns(parts.role, configPath);
  wildcard(underConfigPath!, `The config is every parameter under ${configPath} (GetParametersByPath, recursive); read-only.`);

  Validations.of(parts.fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 is pinned on purpose: the bundle, its SDK and the tests target it. NODEJS_LATEST would move a '
      + 'deployed cleaner to a runtime no test ran on; the runtime is raised deliberately, with a test run.',
  });
}

/**
 * How cdk-nag writes a resource in a finding id: the resolved template value with Fn::Join flattened and
 * `{Ref: X}` written `<X>`. Only what Stack.formatArn produces is handled.
 */
function nagResourceText(scope: IConstruct, arn: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node;
    if (isRecord(node) && Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (isRecord(node) && typeof node.Ref === 'string') return `<${node.Ref}>`;
    return JSON.stringify(node);
  };
  return flatten(Stack.of(scope).resolve(arn));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
