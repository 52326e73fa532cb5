/**
 * The connection to an EKS cluster's API server (kube-client.ts reads through it): built from DescribeCluster, no
 * kubeconfig file, with EKS tokens that refresh. Loaded with kube-client.ts, on the first cluster read.
 */
import { Agent } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { AccessHints, KubeClusterAccess, KubeConnection } from './kube-connection';
import type { EksTokenCache } from './token';

const AUTH_USER = 'eks-iam';

const EKS_HINTS: AccessHints = {
  unauthorized: 'HTTP 401 Unauthorized even with a fresh token',
  forbidden: 'HTTP 403 Forbidden: the role needs an EKS access entry with AmazonEKSViewPolicy at cluster scope',
  forbiddenCustom: 'HTTP 403 Forbidden: AmazonEKSViewPolicy grants no custom resources; bind a ClusterRole allowing list on it to a Kubernetes group of the access entry',
};

/**
 * An EKS cluster as DescribeCluster shows it. client-node makes a new agent, hence a new TLS handshake, for every
 * request; this one keeps connections alive. It trusts only the cluster's CA, as the KubeConfig does, and verifies
 * the server certificate.
 */
export function eksConnection(cluster: KubeClusterAccess, tokens: EksTokenCache): KubeConnection {
  const config = new KubeConfig();
  config.loadFromClusterAndUser({ name: cluster.name, server: cluster.endpoint, caData: cluster.caData, skipTLSVerify: false }, { name: AUTH_USER });
  config.addAuthenticator({
    isAuthProvider: (user) => user.name === AUTH_USER,
    applyAuthentication: async (_user, request) => {
      request.headers = { ...request.headers, Authorization: `Bearer ${await tokens.token(cluster.name)}` };
    },
  });
  return {
    config,
    agent: new Agent({ ca: Buffer.from(cluster.caData, 'base64'), rejectUnauthorized: true, keepAlive: true, maxSockets: 8 }),
    // The token may have outlived its credentials or met a skewed clock: the retry presents a freshly signed one.
    refreshCredentials: () => tokens.invalidate(cluster.name),
    hints: EKS_HINTS,
  };
}
