/**
 * Kubernetes clusters outside this account's EKS (self-managed, on-premises, another cloud, another account), reached
 * the way kubectl reaches them: a kubeconfig context. client-node applies the context's TLS settings (CA, client
 * certificate, tls-server-name, proxy) and its credentials (token, exec plugin, auth provider) to every request.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { AccessHints, KubeConnection } from '../eks/kube-client';

const KUBECONFIG_HINTS: AccessHints = {
  unauthorized: "HTTP 401 Unauthorized: the API server refused the context's credentials (expired token or certificate?)",
  forbidden: "HTTP 403 Forbidden: the context's user needs list on it at cluster scope (a ClusterRoleBinding to the view ClusterRole grants the workloads)",
  forbiddenCustom: "HTTP 403 Forbidden: the view ClusterRole grants no custom resources; bind a ClusterRole allowing list on it to the context's user",
};

/** `file`, or where kubectl looks: $KUBECONFIG (its files merged), ~/.kube/config, then the pod's service account. */
export function loadKubeconfig(file: string | undefined): KubeConfig {
  const config = new KubeConfig();
  if (file !== undefined) {
    config.loadFromFile(file);
    return config;
  }
  config.loadFromDefault();
  // Finding nothing, client-node makes up a context for http://localhost:8080; naming it would only confuse.
  if (config.getCurrentContext() === 'loaded-context' && config.getClusters()[0]?.server === 'http://localhost:8080') {
    throw new Error("none found at $KUBECONFIG, ~/.kube/config or a pod's service account");
  }
  return config;
}

/** Why a context cannot be read at all, found before any request: absent, or naming a cluster or user that is absent. */
export function contextProblem(config: KubeConfig, name: string): string | undefined {
  const context = config.getContexts().find((c) => c.name === name);
  if (!context) return `no context ${JSON.stringify(name)} (the kubeconfig has ${config.getContexts().map((c) => c.name).join(', ') || 'none'})`;
  if (!config.getClusters().some((c) => c.name === context.cluster)) return `context ${name} names cluster ${JSON.stringify(context.cluster)}, which the kubeconfig does not define`;
  if (!config.getUsers().some((u) => u.name === context.user)) return `context ${name} names user ${JSON.stringify(context.user)}, which the kubeconfig does not define`;
  return undefined;
}

/**
 * One context's connection, on a KubeConfig of its own: client-node reads the current context on every request, so
 * contexts read at once cannot share one. No keep-alive agent: client-node's own per-request agent is the one that
 * applies every TLS and proxy setting a kubeconfig can hold; the few lists of a context do not need more.
 * No credential refresh either: a static token cannot be refreshed, and an exec plugin's is refreshed by client-node.
 */
export function contextConnection(base: KubeConfig, name: string): KubeConnection {
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: base.getClusters(), users: base.getUsers(), contexts: base.getContexts(), currentContext: name });
  return { config, hints: KUBECONFIG_HINTS };
}
