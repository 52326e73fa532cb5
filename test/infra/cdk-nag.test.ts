import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetention } from '../../lib/ecr-retention';
import { NO_BUNDLING } from './support';

/** The checks that pass on the real stack can fail: otherwise "no finding" would prove nothing. */
describe('the cdk-nag AwsSolutions gate', () => {
  it('fails the synth of a non-compliant construct, naming the rule', () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'NonCompliant');
    new sns.Topic(stack, 'PlainTopic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-SNS3/);
  });

  it('finds every acknowledged finding in a stack bound to an account and region too', () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Pinned', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', eksClusters: ['prod'] });
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('reports a new wildcard on the cleaner\'s role: each acknowledgement covers one finding only', () => {
    const app = new App({ context: NO_BUNDLING });
    const cleaner = new EcrRetention(new Stack(app, 'Extended'), 'Cleaner', { notifyEmail: 'ops@example.com' });
    cleaner.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }));
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:s3:::reports/*]']);
  });
});
