/**
 * What DescribeCluster says about reading one cluster: whether pods can run there at all, how to reach its API
 * server, and what explains a failure to.
 *
 * Cluster states (DescribeCluster `status`: CREATING | ACTIVE | UPDATING | DELETING | FAILED | PENDING). The API
 * reference gives no meaning per state, so the one documented fact decides: nodes "connect to your cluster's control
 * plane over the Kubernetes API server endpoint and a certificate file that is created for your cluster"
 * (CreateCluster API reference). A cluster that is CREATING, or whose creation FAILED, and that has no endpoint or
 * certificate yet, has never had an API server a kubelet could register with: no pod can run there, which is a note,
 * not a failure. Every other state is read, and fails closed when it cannot be: UPDATING is an update of a cluster
 * that exists (UpdateClusterVersion, UpdateClusterConfig), whose nodes keep running pods; a DELETING cluster may
 * still have self-managed nodes running pods (DeleteCluster: "If you have managed node groups or Fargate profiles
 * attached to the cluster, you must delete them first", nothing about self-managed nodes); PENDING (a connected
 * cluster, RegisterCluster) runs pods this source cannot read; an unknown state is treated like one that runs pods.
 */
import type { Cluster } from '@aws-sdk/client-eks';
import type { KubeClusterAccess } from './kube-client';

/** How to reach a cluster, and what explains a failure to. */
export interface ClusterFacts extends KubeClusterAccess {
  readonly endpointPublicAccess: boolean;
  readonly publicAccessCidrs: readonly string[];
  readonly authenticationMode?: string;
}

export type ClusterReading =
  | { readonly kind: 'read'; readonly facts: ClusterFacts }
  | { readonly kind: 'runs-no-pods'; readonly note: string };

/** States in which a cluster without an API endpoint never had one: no node can have joined it. */
const NEVER_SERVED = new Set(['CREATING', 'FAILED']);
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export function clusterReading(name: string, cluster: Cluster | undefined): ClusterReading {
  const endpoint = cluster?.endpoint;
  const caData = cluster?.certificateAuthority?.data;
  const status = cluster?.status ?? 'unknown';
  if (!endpoint || !caData) {
    if (NEVER_SERVED.has(status)) {
      return { kind: 'runs-no-pods', note: `cluster ${name} is ${status} and has no API endpoint yet: no node can have joined it, so no pod runs there; not read` };
    }
    throw new Error(`cluster ${name} has no API endpoint or CA (status ${status})`);
  }
  const vpc = cluster?.resourcesVpcConfig;
  return {
    kind: 'read',
    facts: {
      name,
      endpoint,
      caData,
      // DescribeCluster: public access is enabled unless endpointPublicAccess says false.
      endpointPublicAccess: vpc?.endpointPublicAccess !== false,
      publicAccessCidrs: vpc?.publicAccessCidrs ?? [],
      ...(cluster?.accessConfig?.authenticationMode ? { authenticationMode: cluster.accessConfig.authenticationMode } : {}),
    },
  };
}

/**
 * Why a cluster's API server may not answer the function at all: a private endpoint, or a public one restricted to
 * CIDRs. Undefined when the endpoint is public to any address (the failure is then something else).
 */
export function unreachableHint(facts: ClusterFacts): string | undefined {
  const remedy = "deploy the function in the cluster's VPC with the vpc/vpcSubnets/securityGroups props";
  if (!facts.endpointPublicAccess) return `cluster ${facts.name}'s API endpoint is private: ${remedy}`;
  const cidrs = facts.publicAccessCidrs;
  if (cidrs.length > 0 && !cidrs.some((cidr) => ANYWHERE.has(cidr))) {
    return `cluster ${facts.name}'s API endpoint is restricted to CIDRs ${cidrs.join(', ')}: ${remedy}`;
  }
  return undefined;
}
