/** How a reader reaches one cluster: the shapes the EKS connection, the kubeconfig connection and the reader share. */
import type { Agent } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeClusterAccess {
  readonly name: string;
  /** `https://…` from DescribeCluster. */
  readonly endpoint: string;
  /** base64 PEM of the cluster CA, from DescribeCluster. */
  readonly caData: string;
}

/** The fix a refused list points to, which depends on how the cluster grants access. */
export interface AccessHints {
  readonly unauthorized: string;
  readonly forbidden: string;
  readonly forbiddenCustom: string;
}

/** How a reader reaches one cluster: a KubeConfig whose current context is that cluster. */
export interface KubeConnection {
  readonly config: KubeConfig;
  /** One keep-alive agent for every request; absent, client-node builds its own per request from the KubeConfig. */
  readonly agent?: Agent;
  /** Drops cached credentials before the one retry of a 401; absent, a 401 is final (nothing fresher to present). */
  readonly refreshCredentials?: () => void;
  readonly hints: AccessHints;
}
