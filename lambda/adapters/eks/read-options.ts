/**
 * How every cluster reader lists (the EKS source's and `export --kube-context`'s): kept apart from kube-client.ts,
 * which the EKS source loads only when a cluster is read (@kubernetes/client-node weighs on every cold start).
 */
export interface KubeReadOptions {
  readonly pageSize: number;
  readonly requestTimeoutMs: number;
  /** Restarts of one list after 410 Expired before giving up. */
  readonly maxListRestarts: number;
  /** Retries of one request answered 429 or 5xx. */
  readonly transientRetries: number;
  readonly retryDelayMs: number;
}

/** kubectl's page size, 30 s per request, a few retries of 410, 429 and 5xx: every cluster reader's defaults. */
export const DEFAULT_KUBE_READ_OPTIONS: KubeReadOptions = { pageSize: 500, requestTimeoutMs: 30_000, maxListRestarts: 3, transientRetries: 3, retryDelayMs: 500 };

/** The given read options (any others the object holds are ignored) over the defaults. */
export function kubeReadOptions(given: Partial<KubeReadOptions>): KubeReadOptions {
  const pick = <K extends keyof KubeReadOptions>(key: K): KubeReadOptions[K] => given[key] ?? DEFAULT_KUBE_READ_OPTIONS[key];
  return { pageSize: pick('pageSize'), requestTimeoutMs: pick('requestTimeoutMs'), maxListRestarts: pick('maxListRestarts'), transientRetries: pick('transientRetries'), retryDelayMs: pick('retryDelayMs') };
}
