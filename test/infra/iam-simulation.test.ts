/**
 * The synthesized role's policies, evaluated by an IAM policy evaluator (@cloud-copilot/iam-simulate, a test-only
 * dependency) against every request the end-to-end run makes: each call's action on the resource ARN AWS evaluates.
 * An implicit deny anywhere fails; so does a request the evaluator finds malformed (a resource of a type the action
 * does not take, per its copy of the Service Authorization Reference).
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';
import { actionsOf } from './iam-actions';
import { iamRequests, type IamRequest, type RunLocations } from './iam-requests';
import { observeRunCalls } from './observed-calls';
import { allPolicyStatements, onlyLogicalId, synthStack } from './support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecr-retention-cleaner`;

type Policy = { Version: string; Statement: { Sid?: string; Effect: string; Action: string[]; Resource: string[] }[] };

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

describe('the cleaner role under an IAM policy evaluator', () => {
  it('allows every request the end-to-end run makes, each on the resource AWS evaluates', async () => {
    const observed = await observeRunCalls(Date.parse('2026-11-20T12:00:00Z'));
    const { template } = synthStack({ notifyEmail: 'ops@example.com' }, { bundle: false });
    const policy = rolePolicy(template, observed.locations);
    const calls = [...observed.operations, ...observed.errorAnswers].sort();
    const requests = iamRequests(calls, actionsOf, observed.account, observed.locations);
    expect(requests.length).toBeGreaterThan(calls.length);
    const verdicts = await Promise.all(requests.map(async (request) => ({ ...request, verdict: await evaluate(policy, request) })));
    expect(verdicts.filter((v) => v.verdict !== 'Allowed')).toEqual([]);
    // The evaluator is not waving everything through: the same policy denies what the role was never given.
    expect(await evaluate(policy, { action: 's3:DeleteObject', resource: `arn:aws:s3:::${observed.locations.bucket}/${observed.locations.journalKey}` }))
      .toBe('ImplicitlyDenied');
    expect(await evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/shop/api` })).toBe('ImplicitlyDenied');
  });
});
