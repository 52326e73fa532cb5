/**
 * The EKS live source: for each configured cluster (`["*"]` = every cluster ListClusters returns), DescribeCluster
 * gives the API endpoint and CA, and the eight all-namespaces lists give every image a pod runs or a workload can
 * start or roll back to (workload-images.ts). A cluster in which no pod can run (cluster-state.ts) is a note; any
 * other cluster that cannot be read completely — unknown, unreachable, TLS or auth failure — fails the whole source,
 * naming every such cluster: never partial data.
 */
import { DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { LiveReference } from '../../core/model';
import type { LiveSource, NoteSink, SourceSettings } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { LiveSourceError } from '../common/errors';
import type * as KubeClientModule from './kube-client';
import type { KubeReadOptions, KubeRequestError as KubeRequestErrorType } from './kube-client';
import { kubeReadOptions } from './read-options';
import { clusterLists, type ClusterList } from './cluster-lists';
import { type ClusterFacts, clusterReading, unreachableHint } from './cluster-state';
import { EksTokenCache } from './token';
import { eksOrigin } from './workload-images';
import { allItems } from '../common/pages';

export interface EksLiveSourceOptions {
  readonly eks: EKSClient;
  /** Signs the EKS tokens: the identity the clusters' access entries name. */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Region of the STS endpoint the token is presigned for (the clusters' region). */
  readonly region: string;
  /** Epoch milliseconds; token signing and refresh. Default Date.now. */
  readonly clock?: () => number;
  /** `limit` of each list page. Default 500, as kubectl. */
  readonly pageSize?: number;
  /** Clusters read at once. Default 4. */
  readonly clusterConcurrency?: number;
  /** Lists in flight per cluster. Default 4. */
  readonly listConcurrency?: number;
  /** Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Default 3. */
  readonly maxListRestarts?: number;
  /** Retries of a 429 / 5xx answer. Default 3. */
  readonly transientRetries?: number;
  /** Spacing of those retries (times the attempt number). Default 500 ms. */
  readonly retryDelayMs?: number;
}

type ClusterOutcome =
  | { readonly name: string; readonly ok: true; readonly references: readonly LiveReference[] }
  | { readonly name: string; readonly ok: false; readonly error: unknown };

export class EksLiveSource implements LiveSource<'eks'> {
  readonly name = 'eks' as const;
  private readonly tokens: EksTokenCache;
  private readonly readOptions: KubeReadOptions;

  constructor(private readonly options: EksLiveSourceOptions) {
    this.tokens = new EksTokenCache({ region: options.region, credentials: options.credentials, clock: options.clock ?? Date.now });
    this.readOptions = kubeReadOptions(options);
  }

  async collect(settings: SourceSettings['eks'], note: NoteSink = () => {}): Promise<readonly LiveReference[]> {
    const names = await this.clusterNames(settings.clusters);
    // Every cluster is tried, so that the error names all the clusters that could not be read, not just the first.
    const outcomes = await mapWithConcurrency(names, this.options.clusterConcurrency ?? 4, async (name): Promise<ClusterOutcome> => {
      try {
        return { name, ok: true, references: await this.collectCluster(name, clusterLists(eksOrigin(name), settings), note) };
      } catch (error) {
        return { name, ok: false, error };
      }
    });
    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length === 1) throw new LiveSourceError('eks', `cluster ${failed[0]?.name}`, { cause: errorOf(failed[0] as ClusterOutcome) });
    if (failed.length > 1) {
      const cause = new AggregateError(failed.map(errorOf), failed.map((f) => `${f.name}: ${describe(errorOf(f))}`).join('; '));
      throw new LiveSourceError('eks', `clusters ${failed.map((f) => f.name).join(', ')}`, { cause });
    }
    return outcomes.flatMap((o) => (o.ok ? o.references : []));
  }

  private async clusterNames(configured: readonly string[]): Promise<string[]> {
    if (!configured.includes('*')) return [...new Set(configured)];
    let names: string[];
    try {
      names = await allItems(paginateListClusters({ client: this.options.eks, pageSize: 100 }, {}), (page) => page.clusters);
    } catch (error) {
      throw new LiveSourceError('eks', 'ListClusters', { cause: error });
    }
    return [...new Set([...names, ...configured.filter((name) => name !== '*')])];
  }

  private async collectCluster(name: string, lists: readonly ClusterList[], note: NoteSink): Promise<LiveReference[]> {
    const reading = await this.describe(name);
    if (reading.kind === 'runs-no-pods') {
      note({ source: 'eks', message: reading.note });
      return [];
    }
    const { facts } = reading;
    const { KubeClusterReader, KubeRequestError, eksConnection } = await loadKubeClient();
    const reader = new KubeClusterReader(eksConnection(facts, this.tokens), this.readOptions);
    try {
      const references = await mapWithConcurrency(lists, this.options.listConcurrency ?? 4, (list) => list(reader));
      return references.flat();
    } catch (error) {
      throw withHint(error, facts, KubeRequestError);
    } finally {
      reader.close();
    }
  }

  private async describe(name: string) {
    const { cluster } = await this.options.eks.send(new DescribeClusterCommand({ name })).catch((error: unknown) => {
      throw new Error(`DescribeCluster: ${describe(error)}`, { cause: error });
    });
    return clusterReading(name, cluster);
  }
}

/**
 * The Kubernetes client (a third of the bundle) is loaded on the first cluster read, not at Lambda init: accounts
 * without EKS never pay for it.
 */
let kubeClient: Promise<typeof KubeClientModule> | undefined;
function loadKubeClient(): Promise<typeof KubeClientModule> {
  kubeClient ??= import('./kube-client');
  return kubeClient;
}

function errorOf(outcome: ClusterOutcome): unknown {
  return outcome.ok ? undefined : outcome.error;
}

/** Adds what the cluster's description explains about a failure: an endpoint out of reach, or no access entries. */
function withHint(error: unknown, facts: ClusterFacts, requestError: typeof KubeRequestErrorType): unknown {
  if (!(error instanceof requestError)) return error;
  // No HTTP answer at all (refused, reset, timed out): the network path is what the description can explain.
  const unreachable = error.status === undefined ? unreachableHint(facts) : undefined;
  if (unreachable) return new Error(`${error.message}; ${unreachable}`, { cause: error });
  if ((error.status === 401 || error.status === 403) && facts.authenticationMode === 'CONFIG_MAP') {
    return new Error(`${error.message}; the cluster's authentication mode is CONFIG_MAP: access entries need API or API_AND_CONFIG_MAP`, { cause: error });
  }
  return error;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
