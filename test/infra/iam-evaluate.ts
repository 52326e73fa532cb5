/**
 * Evaluates IAM requests with @cloud-copilot/iam-simulate (a test-only dependency): the synthesized role's policy,
 * with the template's references resolved as CloudFormation would, or any policy document.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IamRequest, RunLocations } from './iam-requests';
import { allPolicyStatements, onlyLogicalId } from './support';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecr-retention-cleaner`;

export type Policy = { Version: string; Statement: { Sid?: string; Effect: string; Action: string[]; Resource: string[]; Condition?: unknown }[] };

/**
 * The role's statements with the template's references replaced by what CloudFormation would resolve them to;
 * `more` names further references (`<LogicalId.Arn>`), such as an exchange bucket the stack creates.
 */
export function rolePolicy(template: Template, at: RunLocations, more: Readonly<Record<string, string>> = {}): Policy {
  const names: Record<string, string> = {
    '<AWS::Partition>': 'aws', '<AWS::Region>': REGION, '<AWS::AccountId>': ACCOUNT,
    [`<${journalBucketId(template)}.Arn>`]: `arn:aws:s3:::${at.bucket}`,
    [`<${onlyLogicalId(template, 'AWS::SNS::Topic')}>`]: at.topicArn,
    [`<${onlyLogicalId(template, 'AWS::Logs::LogGroup')}.Arn>`]: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:cleaner:*`,
    ...more,
  };
  const resolve = (arn: string) => arn.replace(/<[^>]+>/g, (reference) => {
    if (!Object.hasOwn(names, reference)) throw new Error(`the test cannot resolve ${reference} in ${arn}`);
    return names[reference]!;
  });
  const Statement = allPolicyStatements(template).map((s) => ({
    ...(s.sid ? { Sid: s.sid } : {}), Effect: s.effect, Action: s.actions, Resource: s.resources.map(resolve),
    ...(s.conditions ? { Condition: s.conditions } : {}),
  }));
  return { Version: '2012-10-17', Statement };
}

/** The journal's bucket: the stack's only one, or the Journal construct's beside an exchange bucket the stack creates. */
function journalBucketId(template: Template): string {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket'));
  const journal = ids.length === 1 ? ids : ids.filter((id) => id.includes('JournalBucket'));
  if (journal.length !== 1) throw new Error(`expected one journal bucket, found ${ids.join(', ')}`);
  return journal[0]!;
}

/** The evaluator's verdict on one request, or its validation errors. */
export async function evaluate(policy: Policy, request: Pick<IamRequest, 'action' | 'resource'>): Promise<string> {
  const simulation: Simulation = {
    identityPolicies: [{ name: 'cleaner', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    request: { action: request.action, principal: ROLE, resource: { accountId: ACCOUNT, resource: request.resource }, contextVariables: {} },
  };
  const response = await runSimulation(simulation, {});
  return response.resultType === 'error' ? `invalid request: ${JSON.stringify(response.errors)}` : response.overallResult;
}

/** One request to a resource that has its own policy, by a principal that may be of another account. */
export interface ResourceRequest {
  /** An IAM role ARN: its account is the request's aws:PrincipalAccount. */
  readonly principal: string;
  /** The principal's identity policies (none: it was given nothing). */
  readonly identity: readonly Policy[];
  readonly resourcePolicy: unknown;
  readonly resourceAccount: string;
  readonly action: string;
  readonly resource: string;
  /** Request context beyond aws:PrincipalAccount and aws:SecureTransport ("true" unless given). */
  readonly context?: Readonly<Record<string, string>>;
}

/**
 * The evaluator's verdict, with the request context AWS would attach: the evaluator substitutes policy variables
 * and tests conditions from the context it is given and derives none, so aws:PrincipalAccount (which the bucket
 * policy's `${aws:PrincipalAccount}` resolves to) is taken from the principal ARN here, as AWS takes it from the
 * signed request. S3 Block Public Access is on (RestrictPublicBuckets), as on the buckets the stack creates.
 */
export async function evaluateWithResourcePolicy(request: ResourceRequest): Promise<string> {
  const principalAccount = request.principal.split(':')[4]!;
  const simulation: Simulation = {
    identityPolicies: request.identity.map((policy, index) => ({ name: `identity-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
    additionalSettings: { s3: { blockPublicAccess: true } },
    request: {
      action: request.action, principal: request.principal,
      resource: { accountId: request.resourceAccount, resource: request.resource },
      contextVariables: { 'aws:PrincipalAccount': principalAccount, 'aws:SecureTransport': 'true', ...request.context },
    },
  };
  const response = await runSimulation(simulation, {});
  return response.resultType === 'error' ? `invalid request: ${JSON.stringify(response.errors)}` : response.overallResult;
}
