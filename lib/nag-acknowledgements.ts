import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DeletablePatterns } from './deletable-repositories';
import { EXCHANGE_PREFIX } from './exchange';
import { REPORT_PREFIX, STATE_PREFIX } from './journal-bucket';
import {
  configPathArns, ec2ResourcesArn, repositoriesArns, repositoryArns, scopedReadArns, UNSCOPED_READ_ACTIONS, VPC_DESCRIBE_ACTIONS, VPC_INTERFACE_ACTIONS,
} from './permissions';

/** What shaped the role's wildcards. */
export interface NagContext {
  readonly deletable?: DeletablePatterns;
  readonly vpc: boolean;
  /** The region field of the regional ARNs (lib/regions.ts): each gets its own finding. */
  readonly regions: readonly string[];
  readonly exchangeBucketArn?: string;
  /** The journal bucket: each region's state lives under its `state/` prefix. */
  readonly journalBucketArn: string;
}

type Acknowledge = (arn: string, reason: string) => void;

/**
 * cdk-nag AwsSolutions findings this design accepts, each acknowledged on its own (cdk-nag 3 has no bulk
 * suppression) and on the narrowest construct, with the reason. Anything new fails the synth.
 */
export function acknowledgeNagFindings(parts: { role: IConstruct; fn: IConstruct }, configPath: string, context: NagContext): void {
  const wildcard: Acknowledge = (arn, reason) => Validations.of(parts.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagResourceText(parts.role, arn)}]`,
    reason,
  });
  wildcard('*', `Read-only listings and describes that support no resource-level permission: ${UNSCOPED_READ_ACTIONS.join(', ')}.`);
  acknowledgeRegionalReads(parts.role, wildcard, context);
  if (context.vpc) {
    wildcard('*', `Lambda's VPC network interface listings support no resource-level permission: ${VPC_DESCRIBE_ACTIONS.join(', ')}.`);
    wildcard(ec2ResourcesArn(parts.role), `The function's own VPC network interfaces (${VPC_INTERFACE_ACTIONS.join(', ')}), `
      + 'which Lambda creates in the chosen subnets; their ids are not known at deploy time. This account and region only.');
  }
  const [, underConfigPath] = configPathArns(parts.role, configPath);
  wildcard(underConfigPath!, `The config is every parameter under ${configPath} (GetParametersByPath, recursive); read-only.`);
  wildcard(`${context.journalBucketArn}/${STATE_PREFIX}*`, 'Each covered region has its own state object and task-definition cache '
    + '(state/<region>.json.gz, state/<region>/task-definitions.json.gz); the regions come from the config, so the keys are '
    + 'a prefix. Only this function\'s own bucket, which holds nothing else of anyone\'s.');
  wildcard(`${context.journalBucketArn}/${REPORT_PREFIX}*`, 'One report page per run (reports/<run id>.html), named by the run: '
    + 'PutObject only, in this function\'s own bucket; the pages expire after 90 days.');
  if (context.exchangeBucketArn !== undefined) {
    wildcard(`${context.exchangeBucketArn}/${EXCHANGE_PREFIX}*`, 'Every account\'s export in the exchange bucket is read at each run '
      + '(s3:GetObject only): which accounts export is known only by listing; writes are limited to this account\'s own key.');
  }

  Validations.of(parts.fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 is pinned on purpose: the bundle, its SDK and the tests target it. NODEJS_LATEST would move a '
      + 'deployed cleaner to a runtime no test ran on; the runtime is raised deliberately, with a test run.',
  });
}

/** The reads and deletes the cleaner makes in each region it covers (`*`: every region, one finding each). */
function acknowledgeRegionalReads(role: IConstruct, wildcard: Acknowledge, context: NagContext): void {
  const { deletable, regions } = context;
  const where = regions.includes('*') ? 'this account, in every region (regions "*")' : 'this account, in the regions the deployment covers';
  repositoriesArns(role, regions).forEach((arn) => wildcard(arn, 'The repositories to read and clean are chosen at run time by the '
    + `SSM config (a repository no policy governs is never touched); the pattern is the repositories of ${where}. `
    + (deletable ? 'Reads only: ecr:BatchDeleteImage is limited to the deletableRepositories.' : 'ecr:BatchDeleteImage appears on no other resource.')));
  const wildcardDeletable = (deletable?.allow ?? []).filter((pattern) => pattern.includes('*'));
  repositoryArns(role, wildcardDeletable, regions).forEach((arn) => wildcard(arn, 'ecr:BatchDeleteImage on the repositories of a '
    + 'deletableRepositories glob, translated so that IAM allows no name the glob does not match (a Deny keeps one-segment '
    + 'wildcards within their segment).'));
  for (const region of regions) {
    const [ecs, rules, schedules, functions, clusters] = scopedReadArns(role, region);
    wildcard(ecs!, 'Read-only ECS describes (services, service revisions and deployments, tasks) across the clusters the '
      + `config selects at run time (clusters: ["*"] = all); limited to ${where}.`);
    wildcard(rules!, 'events:ListTargetsByRule on every rule of every bus: any rule may run an ECS task, whose image must '
      + `then stay; read-only; ${where}.`);
    wildcard(schedules!, 'scheduler:GetSchedule on every schedule group: any schedule may run an ECS task, whose image must '
      + `then stay; read-only; ${where}.`);
    wildcard(functions!, 'Every image-based Lambda function ($LATEST and every published version) is a live source; '
      + `GetFunction, ListVersionsByFunction only read; limited to ${where}.`);
    wildcard(clusters!, 'eks:DescribeCluster (endpoint and CA only) on the clusters the config selects at run time; '
      + 'Kubernetes read access is granted per cluster by access entries.');
  }
}

/**
 * How cdk-nag writes a resource in a finding id (its flattenCfnReference): the resolved template value with Fn::Join
 * flattened, `{Ref: X}` written `<X>`, `{Fn::GetAtt: [X, A]}` written `<X.A>`, and `${` `}` in strings as `<` `>`.
 * Only what Stack.formatArn and bucket ARNs produce is handled.
 */
function nagResourceText(scope: IConstruct, arn: string): string {
  const flatten = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    if (isRecord(node) && Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (isRecord(node) && typeof node.Ref === 'string') return `<${node.Ref}>`;
    if (isRecord(node) && Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
    return JSON.stringify(node);
  };
  return flatten(Stack.of(scope).resolve(arn));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
