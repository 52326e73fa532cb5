/**
 * The synthesized role's policies, evaluated by an IAM policy evaluator (@cloud-copilot/iam-simulate, a test-only
 * dependency) against every request the end-to-end run makes: each call's action on the resource ARN AWS evaluates.
 * An implicit deny anywhere fails; so does a request the evaluator finds malformed (a resource of a type the action
 * does not take, per its copy of the Service Authorization Reference).
 */
import { actionsOf } from './iam-actions';
import { ACCOUNT, evaluate, rolePolicy } from './iam-evaluate';
import { iamRequests } from './iam-requests';
import { observeRunCalls } from './observed-calls';
import { synthStack } from './support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

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

  it('with deletableRepositories, allows ecr:BatchDeleteImage on those repositories only, at any depth the glob says', async () => {
    const { template, app } = synthStack({ notifyEmail: 'ops@example.com', deletableRepositories: 'shop/*,platform/**' }, { bundle: false });
    const policy = rolePolicy(template, { bucket: 'b', journalKey: 'j', leaseKey: 'l', topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:t`, configPath: '/ecr-retention/' });
    const deleteOn = (name: string) => evaluate(policy, { action: 'ecr:BatchDeleteImage', resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}` });
    const readOn = (name: string) => evaluate(policy, { action: 'ecr:DescribeImages', resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}` });
    expect(await deleteOn('shop/api')).toBe('Allowed');
    expect(await deleteOn('platform/base')).toBe('Allowed');
    expect(await deleteOn('platform/base/arm64')).toBe('Allowed');
    expect(await deleteOn('batch/report')).toBe('ImplicitlyDenied');
    // IAM's `*` would cross the `/`; the glob's does not, and the Deny says so.
    expect(await deleteOn('shop/api/legacy')).toBe('ExplicitlyDenied');
    expect(await readOn('batch/report')).toBe('Allowed');
    expect(app.node.tryGetContext('deletableRepositories')).toBe('shop/*,platform/**');
  });
});
