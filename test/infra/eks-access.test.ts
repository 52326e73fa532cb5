import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parse } from 'yaml';
import { onlyLogicalId, synthStack, type SynthesizedStack } from './support';

// One synth without bundling: these tests look at the template only.
let synthesized: SynthesizedStack;
beforeAll(() => {
  synthesized = synthStack({ notifyEmail: 'ops@example.com', eksClusters: ' prod-a, prod-b ,' }, { bundle: false });
});

describe('EKS access entries', () => {
  it('grants the cleaner\'s role the view policy at cluster scope on each named cluster', () => {
    const role = onlyLogicalId(synthesized.template, 'AWS::IAM::Role');
    synthesized.template.resourceCountIs('AWS::EKS::AccessEntry', 2);
    for (const clusterName of ['prod-a', 'prod-b']) {
      synthesized.template.hasResourceProperties('AWS::EKS::AccessEntry', {
        ClusterName: clusterName,
        PrincipalArn: { 'Fn::GetAtt': [role, 'Arn'] },
        Type: 'STANDARD',
        AccessPolicies: [{
          PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSViewPolicy']] },
          AccessScope: { Type: 'cluster', Namespaces: Match.absent() },
        }],
        KubernetesGroups: Match.absent(),
      });
    }
  });

  it('leaves the initial config unchanged, so granting a cluster later does not overwrite a config edited in SSM', () => {
    const initialConfig = (stack: SynthesizedStack) =>
      Object.values(stack.template.findResources('AWS::SSM::Parameter'))[0]!.Properties.Value;
    const withoutClusters = synthStack({ notifyEmail: 'ops@example.com' }, { bundle: false });
    expect(initialConfig(synthesized)).toBe(initialConfig(withoutClusters));
    expect(parse(initialConfig(synthesized)).settings.live.eks).toEqual({ clusters: ['*'] });
  });

  it('adds no cdk-nag finding', () => {
    expect(new AwsSolutionsChecks().validateScope(synthesized.app).violations).toEqual([]);
  });
});
