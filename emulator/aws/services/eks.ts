/**
 * EKS (REST-JSON, signing name `eks`): ListClusters and DescribeCluster, enough for a client to find each cluster's
 * API server (the Kubernetes emulator, emulator/k8s) and the CA that signed its certificate.
 */
import type { AccountModel, EmuEksCluster } from '../account';
import { AwsEmulatorError, type OperationContext, paginate, type ServiceDefinition } from '../service';

function listClusters(_input: unknown, ctx: OperationContext) {
  const maxResults = ctx.query.maxResults === undefined ? undefined : Number(ctx.query.maxResults);
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && maxResults >= 1 && maxResults <= 100)) {
    throw new AwsEmulatorError('InvalidParameterException', 'maxResults must be between 1 and 100');
  }
  const names = ctx.account.eks.clusters.map((cluster) => cluster.name);
  const { page, nextToken } = paginate(names, ctx.query.nextToken, maxResults, ctx);
  return { clusters: page, ...(nextToken ? { nextToken } : {}) };
}

function describeCluster(_input: unknown, ctx: OperationContext) {
  const name = ctx.pathParams.name ?? '';
  const cluster = ctx.account.eks.clusters.find((candidate) => candidate.name === name);
  if (!cluster) throw new AwsEmulatorError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
  return { cluster: clusterShape(ctx.account, cluster) };
}

/**
 * DescribeCluster's Cluster shape. `endpoint` and `certificateAuthority.data` exist once the control plane does (a
 * cluster still CREATING has neither); `resourcesVpcConfig.publicAccessCidrs` defaults to 0.0.0.0/0 ("The default
 * value is 0.0.0.0/0", VpcConfigRequest in the EKS API reference) and is what limits a public endpoint.
 */
function clusterShape(account: AccountModel, cluster: EmuEksCluster) {
  return {
    name: cluster.name,
    arn: `arn:aws:eks:${account.region}:${account.accountId}:cluster/${cluster.name}`,
    createdAt: 1735689600,
    version: '1.33',
    roleArn: `arn:aws:iam::${account.accountId}:role/eks-cluster`,
    status: cluster.status ?? 'ACTIVE',
    ...(cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
    certificateAuthority: cluster.certificateAuthorityData ? { data: cluster.certificateAuthorityData } : {},
    resourcesVpcConfig: {
      endpointPublicAccess: cluster.endpointPublicAccess ?? true,
      endpointPrivateAccess: cluster.endpointPrivateAccess ?? false,
      publicAccessCidrs: cluster.publicAccessCidrs ?? ['0.0.0.0/0'],
    },
    accessConfig: { authenticationMode: cluster.authenticationMode },
    platformVersion: 'eks.1',
  };
}

export const eks: ServiceDefinition = {
  signingName: 'eks',
  protocol: 'rest-json',
  routes: [
    { method: 'GET', path: '/clusters', operation: 'ListClusters' },
    { method: 'GET', path: '/clusters/{name}', operation: 'DescribeCluster' },
  ],
  operations: { ListClusters: listClusters, DescribeCluster: describeCluster },
};
