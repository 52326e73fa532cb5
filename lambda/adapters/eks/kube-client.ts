/**
 * One cluster's Kubernetes API, read with @kubernetes/client-node through a connection: for EKS, a KubeConfig built
 * from DescribeCluster (no file), TLS trusting only the cluster's CA, and the EKS token supplied per request by an
 * authenticator (a static `user.token` would never refresh, and would override the authenticator); for any other
 * cluster, a kubeconfig context (adapters/kube/kubeconfig.ts). Each request has a timeout; a 401 gets one retry with
 * fresh credentials when the connection can refresh them; 429 and 5xx get a few spaced retries. Whole-list
 * pagination is kube-pagination.ts.
 */
import {
  ApiException, AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, Observable,
  type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext,
} from '@kubernetes/client-node';
import { listAllPages, type ListPage, type ListPageParams } from './kube-pagination';
import type { CustomResourceSetting } from '../../core/policy';
import { customResourceName } from './custom-resources';
import type { WorkloadObject, WorkloadResource } from './workload-images';
import type { Agent } from 'node:https';
import type { AccessHints, KubeConnection } from './kube-connection';
import type { KubeReadOptions } from './read-options';

// Here so that the EKS source's one lazy import of this module brings the EKS connection along.
export { eksConnection } from './eks-connection';
export type { AccessHints, KubeClusterAccess, KubeConnection } from './kube-connection';

export type { KubeReadOptions };

/** A Kubernetes request that failed for good: the HTTP status when the server answered, else the network cause. */
export class KubeRequestError extends Error {
  override readonly name = 'KubeRequestError';
  /** `resource`: a workload resource (`pods`) or a custom one (`rollouts.argoproj.io`). */
  constructor(readonly resource: string, readonly status: number | undefined, message: string, options?: { cause?: unknown }) {
    super(`list ${resource}: ${message}`, options);
  }
}

interface Apis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly custom: CustomObjectsApi;
}

type PageFetcher = (apis: Apis, params: ListPageParams, options: ConfigurationOptions) => Promise<ListPage<WorkloadObject>>;

/**
 * A custom resource's list across namespaces (`/apis/<group>/<version>/<plural>`). client-node types its answer as
 * `any` and leaves it as on the wire, so the continue token is `metadata.continue`, not the typed `_continue`.
 */
function customPage(cr: CustomResourceSetting): PageFetcher {
  return async (apis, params, options) => {
    const answer = (await apis.custom.listClusterCustomObject({ group: cr.group, version: cr.version, plural: cr.resource, ...params }, options)) as
      { items?: WorkloadObject[]; metadata?: { continue?: string } } | undefined;
    const token = answer?.metadata?.continue;
    return { items: answer?.items ?? [], ...(token ? { metadata: { _continue: token } } : {}) };
  };
}

const FETCH_PAGE: Readonly<Record<WorkloadResource, PageFetcher>> = {
  pods: (a, p, o) => a.core.listPodForAllNamespaces(p, o),
  deployments: (a, p, o) => a.apps.listDeploymentForAllNamespaces(p, o),
  replicasets: (a, p, o) => a.apps.listReplicaSetForAllNamespaces(p, o),
  statefulsets: (a, p, o) => a.apps.listStatefulSetForAllNamespaces(p, o),
  daemonsets: (a, p, o) => a.apps.listDaemonSetForAllNamespaces(p, o),
  controllerrevisions: (a, p, o) => a.apps.listControllerRevisionForAllNamespaces(p, o),
  jobs: (a, p, o) => a.batch.listJobForAllNamespaces(p, o),
  cronjobs: (a, p, o) => a.batch.listCronJobForAllNamespaces(p, o),
  replicationcontrollers: (a, p, o) => a.core.listReplicationControllerForAllNamespaces(p, o),
  podtemplates: (a, p, o) => a.core.listPodTemplateForAllNamespaces(p, o),
};

export class KubeClusterReader {
  private readonly apis: Apis;

  constructor(private readonly connection: KubeConnection, private readonly options: KubeReadOptions) {
    const { config } = connection;
    this.apis = {
      core: config.makeApiClient(CoreV1Api), apps: config.makeApiClient(AppsV1Api), batch: config.makeApiClient(BatchV1Api),
      custom: config.makeApiClient(CustomObjectsApi),
    };
  }

  /** Every object of the resource in every namespace, from one consistent list (restarted whole on 410). */
  listAll(resource: WorkloadResource): Promise<WorkloadObject[]> {
    return this.listWith(resource, FETCH_PAGE[resource], false);
  }

  /** Every object of a configured custom resource; a 404 means the cluster does not serve it (no such CRD). */
  listCustom(cr: CustomResourceSetting): Promise<WorkloadObject[]> {
    return this.listWith(customResourceName(cr), customPage(cr), true);
  }

  private listWith(resource: string, fetchPage: PageFetcher, custom: boolean): Promise<WorkloadObject[]> {
    return listAllPages(
      (params) => this.request(fetchPage, params),
      { pageSize: this.options.pageSize, maxRestarts: this.options.maxListRestarts, isExpired: (error) => statusOf(error) === 410 },
    ).catch((error: unknown) => {
      throw error instanceof KubeRequestError ? error : describeFailure(resource, error, custom, this.connection.hints);
    });
  }

  private async request(fetchPage: PageFetcher, params: ListPageParams): Promise<ListPage<WorkloadObject>> {
    const { agent, refreshCredentials } = this.connection;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetchPage(this.apis, params, { middleware: [transportMiddleware(agent, this.options.requestTimeoutMs)] });
      } catch (error) {
        const status = statusOf(error);
        if (status === 401 && refreshCredentials && !refreshed) {
          refreshed = true;
          refreshCredentials();
          continue;
        }
        if (isTransient(status) && attempt < this.options.transientRetries) {
          await sleep(this.options.retryDelayMs * (attempt + 1));
          continue;
        }
        throw error;
      }
    }
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.connection.agent?.destroy();
  }
}

/**
 * Runs after authentication: the shared keep-alive agent when there is one, and a timeout that aborts a request not
 * answered in time (an unreachable private endpoint must not stall the run).
 */
function transportMiddleware(agent: Agent | undefined, timeoutMs: number): ObservableMiddleware {
  return {
    pre: (context: RequestContext) => {
      if (agent) context.setAgent(agent);
      context.setSignal(AbortSignal.timeout(timeoutMs));
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
}

export function statusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function isTransient(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500);
}

function describeFailure(resource: string, error: unknown, custom: boolean, hints: AccessHints): KubeRequestError {
  const status = statusOf(error);
  if (status === 401) return new KubeRequestError(resource, 401, hints.unauthorized, { cause: error });
  if (custom && status === 404) {
    return new KubeRequestError(resource, 404, 'HTTP 404: the cluster does not serve this configured custom resource (CRD not installed, or a wrong group, version or resource name); it is configured, so the source fails closed', { cause: error });
  }
  if (status === 403) return new KubeRequestError(resource, 403, custom ? hints.forbiddenCustom : hints.forbidden, { cause: error });
  if (status === 410) return new KubeRequestError(resource, 410, 'continue token kept expiring (410) after every restart', { cause: error });
  if (status !== undefined) return new KubeRequestError(resource, status, `HTTP ${status}`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new KubeRequestError(resource, undefined, `no HTTP answer from the API server (${message})`, { cause: error });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
