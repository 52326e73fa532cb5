/**
 * How a service plugs into the AWS emulator: its signing name, wire protocol, and operations.
 * Each service lives in its own file under services/ and exports one ServiceDefinition.
 */
import type { AccountModel } from './account';

export type Protocol = 'json1.1' | 'query' | 'rest-json' | 'rest-xml';

/**
 * REST-XML (S3) carries its input in the path, headers and a raw body, and its output likewise, so its handlers take
 * and return these instead of JSON: the body is passed through untouched both ways.
 */
export interface RestXmlInput {
  /** The body decoded as UTF-8, for XML and JSON documents. */
  readonly body: string;
  /** The body as sent: what S3 stores and hashes. */
  readonly bytes: Buffer;
  /** Header names lower-cased, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface RestXmlOutput {
  /** 200 when absent. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** A modelled AWS error. `status` 400 unless the error is a server fault. */
export class AwsEmulatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What a handler may know of the estate beyond its own (account, Region) model. */
export interface EstateView {
  /** The estate's first account: it owns every S3 bucket without a recorded owner. */
  readonly primaryAccountId: string;
  /** The Regions the account may use, as ListRegions reports them ENABLED (estate.ts). */
  enabledRegionsOf(accountId: string): readonly string[];
}

export interface OperationContext {
  /** The model of the caller's account (from the access key) in the Region the request was signed for. */
  readonly account: AccountModel;
  readonly estate: EstateView;
  /** The emulator's clock, epoch milliseconds. */
  now(): number;
  /** Page size the emulator forces (tests use 2 or 3), capped further by the request's own maxResults. */
  readonly pageSize: number;
  /** Path parameters of a REST route, already URI-decoded. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** Query string parameters of a REST request. */
  readonly query: Readonly<Record<string, string>>;
}

// Operation inputs arrive as parsed wire JSON (flattened query parameters, a RestXmlInput); handlers narrow them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler = (input: any, ctx: OperationContext) => unknown;

export interface RestRoute {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `{name}` placeholders, e.g. `/2015-03-31/functions/{FunctionName}`; `{name+}` also matches slashes. */
  readonly path: string;
  readonly operation: string;
}

export interface ServiceDefinition {
  /** SigV4 signing name, read from the Authorization header's credential scope: ecr, ecs, events, … */
  readonly signingName: string;
  readonly protocol: Protocol;
  /** JSON 1.1 `X-Amz-Target` prefix, e.g. `AmazonEC2ContainerRegistry_V20150921`. */
  readonly targetPrefix?: string;
  /** Query protocol XML namespace, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  readonly xmlNamespace?: string;
  readonly routes?: readonly RestRoute[];
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** Operation → quota bucket name (ECS: `task-definition-read`, …). Quotas are set per `<signingName>:<bucket>`. */
  readonly quotaBuckets?: Readonly<Record<string, string>>;
  /** Error code a quota or injected throttle answers with (ThrottlingException unless the service differs). */
  readonly throttleError?: { readonly code: string; readonly status: number };
  /**
   * A global endpoint (the Account API: its endpoint rules sign every call for the partition's implicit global Region,
   * us-east-1): the signing Region neither selects a model nor is refused as disabled; handlers get the account's
   * first model.
   */
  readonly global?: boolean;
  /**
   * Quotas shared by every caller instead of kept per (account, Region): S3's request rates apply per prefix of a
   * bucket, whoever sends them (User Guide, "Best practices design patterns: optimizing Amazon S3 performance").
   */
  readonly sharedQuotas?: boolean;
}

/** Opaque pagination over a list, honouring both the request's maxResults and the emulator's page size. */
export function paginate<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  ctx: OperationContext,
  defaultMax = 100,
): { page: T[]; nextToken?: string } {
  const start = nextToken ? decodeToken(nextToken) : 0;
  const size = Math.max(1, Math.min(maxResults ?? defaultMax, ctx.pageSize));
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: encodeToken(end) } : { page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64');
}

function decodeToken(token: string): number {
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o: unknown }).o;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the modelled error
  }
  throw new AwsEmulatorError('InvalidParameterException', 'Invalid NextToken');
}
