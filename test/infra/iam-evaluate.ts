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

export type Policy = { Version: string; Statement: { Sid?: string; Effect: string; Action: string[]; Resource: string[] }[] };

/** The role's statements with the template's references replaced by what CloudFormation would resolve them to. */
export function rolePolicy(template: Template, at: RunLocations): Policy {
  const names: Record<string, string> = {
    '<AWS::Partition>': 'aws', '<AWS::Region>': REGION, '<AWS::AccountId>': ACCOUNT,
    [`<${onlyLogicalId(template, 'AWS::S3::Bucket')}.Arn>`]: `arn:aws:s3:::${at.bucket}`,
    [`<${onlyLogicalId(template, 'AWS::SNS::Topic')}>`]: at.topicArn,
    [`<${onlyLogicalId(template, 'AWS::Logs::LogGroup')}.Arn>`]: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:cleaner:*`,
  };
  const resolve = (arn: string) => arn.replace(/<[^>]+>/g, (reference) => {
    if (!Object.hasOwn(names, reference)) throw new Error(`the test cannot resolve ${reference} in ${arn}`);
    return names[reference]!;
  });
  const Statement = allPolicyStatements(template).map((s) => ({
    ...(s.sid ? { Sid: s.sid } : {}), Effect: s.effect, Action: s.actions, Resource: s.resources.map(resolve),
  }));
  return { Version: '2012-10-17', Statement };
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
