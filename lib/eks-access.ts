import { Aws } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Lists get/list/watch on pods, workloads and their revisions, jobs and cronjobs; no secrets, no custom resources. */
export const EKS_VIEW_POLICY = 'AmazonEKSViewPolicy';

/**
 * Grants the role read access to one cluster's Kubernetes API with an EKS access entry, at cluster scope because the
 * live source lists every namespace. The L1 is used because the cluster is not managed by this app (the L2 needs an
 * ICluster). The cluster's authentication mode must be API or API_AND_CONFIG_MAP; the entry's principal is the IAM
 * role ARN (EKS refuses STS session ARNs).
 */
export function grantClusterView(scope: Construct, clusterName: string, role: iam.IRole): eks.CfnAccessEntry {
  return new eks.CfnAccessEntry(scope, `EksAccess-${clusterName}`, {
    clusterName,
    principalArn: role.roleArn,
    type: 'STANDARD',
    accessPolicies: [{
      policyArn: `arn:${Aws.PARTITION}:eks::aws:cluster-access-policy/${EKS_VIEW_POLICY}`,
      accessScope: { type: 'cluster' },
    }],
  });
}
