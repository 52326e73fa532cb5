/**
 * The construct's optional VPC placement, for EKS clusters whose API endpoint is private or restricted to CIDRs:
 * the function gets network interfaces in the chosen subnets and security groups, its own role may manage them,
 * cdk-nag stays clean, and subnets or security groups without a VPC are refused at synth.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcrRetention, type EcrRetentionProps } from '../../lib/ecr-retention';
import { allPolicyStatements, expectConfigError, NO_BUNDLING } from './support';

function synth(placement: (stack: Stack) => Partial<EcrRetentionProps>) {
  const app = new App({ context: NO_BUNDLING });
  const stack = new Stack(app, 'Placed', { env: { account: '111122223333', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  new EcrRetention(stack, 'Cleaner', { notifyEmail: 'ops@example.com', eksClusters: ['prod'], ...placement(stack) });
  return { app, template: Template.fromStack(stack) };
}

/** A VPC CDK does not manage, as production clusters' VPCs are: two private subnets and one security group. */
function clusterVpc(stack: Stack) {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'ClusterVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  });
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'ToCluster', 'sg-0cccccccccccccc03');
  return { vpc, securityGroup };
}

describe('the cleaner in a VPC', () => {
  it('runs in the given subnets and security groups, with its role allowed to manage its network interfaces', () => {
    const { app, template } = synth((stack) => {
      const { vpc, securityGroup } = clusterVpc(stack);
      return { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[1]!] }, securityGroups: [securityGroup] };
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: ['subnet-0bbbbbbbbbbbbbbb2'], SecurityGroupIds: ['sg-0cccccccccccccc03'] },
    });
    const statements = allPolicyStatements(template);
    expect(statements.find((s) => s.sid === 'DescribeVpcInterfaces')).toMatchObject({ actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], resources: ['*'] });
    expect(statements.find((s) => s.sid === 'ManageVpcInterfaces')).toMatchObject({
      actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['arn:<AWS::Partition>:ec2:eu-west-1:111122223333:*'],
    });
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('defaults to the VPC\'s private subnets and a new security group', () => {
    const { template } = synth((stack) => ({ vpc: clusterVpc(stack).vpc }));
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: { SubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'] } });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
  });

  it('runs outside any VPC, with no EC2 permission, when no vpc is given', () => {
    const { template } = synth(() => ({}));
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toContain('VpcConfig');
    expect(allPolicyStatements(template).flatMap((s) => s.actions).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  it.each<[string, (stack: Stack) => Partial<EcrRetentionProps>, RegExp]>([
    ['vpcSubnets without vpc', () => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }), /^vpcSubnets given without vpc/],
    ['securityGroups without vpc', (stack) => ({ securityGroups: [clusterVpc(stack).securityGroup] }), /^securityGroups given without vpc/],
    ['both without vpc', (stack) => ({ vpcSubnets: {}, securityGroups: [clusterVpc(stack).securityGroup] }), /^vpcSubnets and securityGroups given without vpc/],
    ['an empty securityGroups', (stack) => ({ vpc: clusterVpc(stack).vpc, securityGroups: [] }), /^securityGroups is empty/],
  ])('refuses %s at synth, saying what to set', (_, placement, message) => {
    expectConfigError(() => synth(placement), message);
  });
});
