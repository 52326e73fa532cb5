/**
 * An HTTPS server emulating the API servers of EKS clusters, for the all-namespaces list calls the EKS live source
 * makes. Each cluster lives under its own endpoint path (`<url>/clusters/<name>`), authenticates EKS tokens as EKS
 * does (eks-token-verifier.ts), authorizes by access entry (403 otherwise), and lists in chunks (list.ts).
 * Faults: 410 on continue tokens, 429, 500, hang. The clock is injectable, so tests can age tokens. Clusters, their
 * faults and counters are keyed by endpoint id: the name, unless two clusters share one (K8sCluster.endpointId).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmuEksCluster } from '../aws/account';
import { bump } from '../aws/counters';
import { seededRandom } from '../aws/limits';
import { issueTestCertificates, type TestCertificates } from './certificates';
import { verifyEksToken, type EmulatedPrincipal } from './eks-token-verifier';
import { answerList, kubeStatus } from './list';
import { endpointIdOf, servedListOf, type K8sCluster, type ServedList } from './model';

export type K8sFaultKind = 'expire-continue' | 'throttle' | 'server-error' | 'hang';

export interface K8sFault {
  readonly kind: K8sFaultKind;
  /** The cluster's endpoint id (its name unless it has an `endpointId`). */
  readonly cluster?: string;
  /** A built-in resource (`pods`) or `<resource>.<group>` of a custom one. */
  readonly resource?: string;
  /** Probability per matching request, 0..1 (default 1). `expire-continue` matches only requests with a continue token. */
  readonly rate?: number;
  /** Stop after this many injections (unlimited when absent). */
  remaining?: number;
}

export interface K8sEmulatorOptions {
  readonly clusters: K8sCluster[];
  readonly principals: readonly EmulatedPrincipal[];
  /** Epoch milliseconds used to judge token expiry. Default Date.now. */
  readonly clock?: () => number;
  /** The server's own cap on list pages. Default 500. */
  readonly pageSize?: number;
  readonly faults?: readonly K8sFault[];
  /** Called before each request is answered (tests use it to move the clock). */
  readonly onRequest?: (cluster: string, resource: string | undefined) => void;
  readonly certificates?: TestCertificates;
  readonly seed?: number;
}

export interface K8sEmulator {
  readonly url: string;
  /** base64 of the CA PEM, as DescribeCluster's `certificateAuthority.data`. */
  readonly caData: string;
  readonly clusters: K8sCluster[];
  /** The API server URL of a cluster, by endpoint id (its name unless it has an `endpointId`). */
  endpointOf(cluster: string): string;
  /** The account-model entry (named as the cluster) that points the emulated DescribeCluster at this server. */
  eksCluster(endpointId: string, overrides?: Partial<EmuEksCluster>): EmuEksCluster;
  /** List requests per `<cluster endpoint id> <resource>`, refused and faulted ones included. */
  readonly calls: Map<string, number>;
  /** Answers per `<cluster> <status>` (200, 401, 403, 410, …). */
  readonly statuses: Map<string, number>;
  /** Distinct tokens each cluster accepted. */
  acceptedTokens(cluster: string): number;
  /** Distinct tokens presented to each cluster, refused ones included: how many a client signed for it. */
  presentedTokens(cluster: string): number;
  /** Expires every outstanding continue token (what etcd compaction does). */
  expireContinueTokens(): void;
  setFaults(faults: readonly K8sFault[]): void;
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startK8sEmulator(options: K8sEmulatorOptions): Promise<K8sEmulator> {
  const certificates = options.certificates ?? issueTestCertificates();
  const state = new EmulatorState(options);
  const server: Server = createServer({ cert: certificates.serverCertPem, key: certificates.serverKeyPem }, (req, res) => {
    void state.handle(req, res).catch((error: unknown) => send(res, 500, kubeStatus(500, 'InternalError', `emulator bug: ${String(error)}`)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const caData = Buffer.from(certificates.caPem).toString('base64');
  const endpointOf = (cluster: string) => `${url}/clusters/${encodeURIComponent(cluster)}`;
  return {
    url,
    caData,
    clusters: options.clusters,
    endpointOf,
    eksCluster: (id, overrides = {}) => ({
      name: options.clusters.find((c) => endpointIdOf(c) === id)?.name ?? id,
      endpoint: endpointOf(id), certificateAuthorityData: caData, authenticationMode: 'API', endpointPublicAccess: true, ...overrides,
    }),
    calls: state.calls,
    statuses: state.statuses,
    acceptedTokens: (cluster) => state.tokens.get(cluster)?.size ?? 0,
    presentedTokens: (cluster) => state.presented.get(cluster)?.size ?? 0,
    expireContinueTokens: () => void state.generation++,
    setFaults: (faults) => state.setFaults(faults),
    resetCounters: () => state.resetCounters(),
    close: () => {
      for (const res of state.hanging) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

class EmulatorState {
  readonly calls = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  readonly tokens = new Map<string, Set<string>>();
  readonly presented = new Map<string, Set<string>>();
  readonly hanging = new Set<ServerResponse>();
  generation = 0;
  private resourceVersion = 1000;
  private faults: K8sFault[] = [];
  private readonly principals: ReadonlyMap<string, EmulatedPrincipal>;
  private readonly random: () => number;

  constructor(private readonly options: K8sEmulatorOptions) {
    this.principals = new Map(options.principals.map((p) => [p.accessKeyId, p]));
    this.random = seededRandom(options.seed ?? 1);
    this.setFaults(options.faults ?? []);
  }

  setFaults(faults: readonly K8sFault[]): void {
    this.faults = faults.map((fault) => ({ ...fault }));
  }

  resetCounters(): void {
    this.calls.clear();
    this.statuses.clear();
    this.tokens.clear();
    this.presented.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://emulator');
    const route = /^\/clusters\/([^/]+)(\/.*)$/.exec(url.pathname);
    const cluster = route ? this.options.clusters.find((c) => endpointIdOf(c) === decodeURIComponent(route[1] as string)) : undefined;
    if (!route || !cluster) return this.answer(res, '?', 404, kubeStatus(404, 'NotFound', 'no such cluster'));
    const id = endpointIdOf(cluster);
    const list = servedListOf(cluster, route[2] as string);
    const resource = list?.key;
    this.options.onRequest?.(id, resource);
    if (resource) bump(this.calls, `${id} ${resource}`);

    if (req.headers.authorization) this.presented.set(id, (this.presented.get(id) ?? new Set()).add(req.headers.authorization));
    const verdict = await verifyEksToken(req.headers.authorization, cluster.name, this.principals, (this.options.clock ?? Date.now)());
    if (!verdict.ok) return this.answer(res, id, 401, kubeStatus(401, 'Unauthorized', 'Unauthorized'));
    const token = req.headers.authorization as string;
    this.tokens.set(id, (this.tokens.get(id) ?? new Set()).add(token));
    if (!list) return this.answer(res, id, 404, kubeStatus(404, 'NotFound', 'the server could not find the requested resource'));
    if (!cluster.accessEntries.includes(verdict.principal.arn)) {
      const message = `${resource} is forbidden: User "${verdict.principal.arn}" cannot list resource "${resource}" at the cluster scope`;
      return this.answer(res, id, 403, kubeStatus(403, 'Forbidden', message));
    }
    if (!list.inViewPolicy && !(cluster.extraReadable ?? []).includes(list.key)) {
      const message = `${resource} is forbidden: User "${verdict.principal.arn}" cannot list resource "${resource}" at the cluster scope`;
      return this.answer(res, id, 403, kubeStatus(403, 'Forbidden', message));
    }
    if (req.method !== 'GET') return this.answer(res, id, 405, kubeStatus(405, 'MethodNotAllowed', 'only list is emulated'));
    this.serveList(res, id, list, url.searchParams);
  }

  private serveList(res: ServerResponse, id: string, list: ServedList, query: URLSearchParams): void {
    const continueToken = query.get('continue') || undefined;
    const fault = this.drawFault(id, list.key, continueToken !== undefined);
    if (fault === 'hang') return this.hold(res);
    if (fault === 'throttle') return this.answer(res, id, 429, kubeStatus(429, 'TooManyRequests', 'too many requests'), { 'retry-after': '1' });
    if (fault === 'server-error') return this.answer(res, id, 500, kubeStatus(500, 'InternalError', 'injected server error'));
    const limit = query.get('limit');
    const answer = answerList({
      resource: list.key,
      listKind: list.listKind,
      apiVersion: list.apiVersion,
      items: list.items,
      ...(limit ? { limit: Number(limit) } : {}),
      ...(continueToken ? { continueToken } : {}),
      pageSize: this.options.pageSize ?? 500,
      generation: this.generation,
      resourceVersion: this.resourceVersion++,
      forceExpired: fault === 'expire-continue',
    });
    this.answer(res, id, answer.status, answer.body);
  }

  /** Never answers: the client's own timeout must end the call. Dropped when the server closes. */
  private hold(res: ServerResponse): void {
    this.hanging.add(res);
    res.on('close', () => this.hanging.delete(res));
  }

  private drawFault(cluster: string, resource: string, hasContinue: boolean): K8sFaultKind | undefined {
    for (const fault of this.faults) {
      if (fault.cluster !== undefined && fault.cluster !== cluster) continue;
      if (fault.resource !== undefined && fault.resource !== resource) continue;
      if (fault.kind === 'expire-continue' && !hasContinue) continue;
      if (fault.remaining !== undefined && fault.remaining <= 0) continue;
      if (this.random() >= (fault.rate ?? 1)) continue;
      if (fault.remaining !== undefined) fault.remaining--;
      return fault.kind;
    }
    return undefined;
  }

  private answer(res: ServerResponse, cluster: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
    bump(this.statuses, `${cluster} ${status}`);
    send(res, status, body, headers);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}


