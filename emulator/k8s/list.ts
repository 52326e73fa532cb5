/**
 * Chunked lists as the API server answers them: items in key order (namespace/name), `limit` honoured (capped by the
 * emulator's own page size), an opaque `continue` token, and a 410 Expired Status for a token that has gone stale.
 * Staleness is a generation counter: bumping it (as etcd compaction would) expires every outstanding token.
 */
import type { K8sObject } from './model';

export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: { readonly continue?: string };
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly code: number;
}

export function kubeStatus(code: number, reason: string, message: string, metadata: KubeStatus['metadata'] = {}): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', message, reason, code };
}

export const EXPIRED_MESSAGE = 'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter, or use the continue token in this response to retrieve ' +
  'the remainder of the results.';

interface ContinueToken {
  readonly resource: string;
  readonly offset: number;
  readonly generation: number;
}

export type ListAnswer = { readonly status: 200; readonly body: unknown } | { readonly status: 400 | 410; readonly body: KubeStatus };

export interface ListRequest {
  /** The list's key: a built-in resource (`pods`) or `<resource>.<group>` of a custom one. */
  readonly resource: string;
  /** `kind` and `apiVersion` of the list answer (`PodList`, `v1`; `RolloutList`, `argoproj.io/v1alpha1`). */
  readonly listKind: string;
  readonly apiVersion: string;
  readonly items: readonly K8sObject[];
  readonly limit?: number;
  readonly continueToken?: string;
  /** The server's own cap on a page (it may return fewer items than asked). */
  readonly pageSize?: number;
  readonly generation: number;
  readonly resourceVersion: number;
  /** Answer this continue token with 410 even if it is current (fault injection). */
  readonly forceExpired?: boolean;
}

export function answerList(request: ListRequest): ListAnswer {
  let offset = 0;
  if (request.continueToken !== undefined) {
    const token = decodeContinue(request.continueToken);
    if (!token || token.resource !== request.resource) {
      return { status: 400, body: kubeStatus(400, 'BadRequest', 'continue key is not valid for this list') };
    }
    if (token.generation !== request.generation || request.forceExpired) {
      const inconsistent = encodeContinue({ ...token, generation: request.generation });
      return { status: 410, body: kubeStatus(410, 'Expired', EXPIRED_MESSAGE, { continue: inconsistent }) };
    }
    offset = token.offset;
  }
  const sorted = [...request.items].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const size = Math.min(request.limit && request.limit > 0 ? request.limit : Infinity, request.pageSize ?? Infinity);
  const page = sorted.slice(offset, offset + size);
  const end = offset + page.length;
  const more = end < sorted.length;
  const metadata = {
    resourceVersion: String(request.resourceVersion),
    ...(more ? { continue: encodeContinue({ resource: request.resource, offset: end, generation: request.generation }), remainingItemCount: sorted.length - end } : {}),
  };
  return { status: 200, body: { kind: request.listKind, apiVersion: request.apiVersion, metadata, items: page } };
}

function keyOf(object: K8sObject): string {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ r: token.resource, o: token.offset, g: token.generation })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const { r, o, g } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { r: string; o: number; g: number };
    return Number.isInteger(o) && Number.isInteger(g) && typeof r === 'string' ? { resource: r, offset: o, generation: g } : undefined;
  } catch {
    return undefined;
  }
}
