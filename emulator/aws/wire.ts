/**
 * The AWS wire protocols the project's clients speak: JSON 1.1 (X-Amz-Target), REST-JSON (method + path), REST-XML
 * (S3: method + path, raw bodies, XML errors) and Query (form-encoded Action, XML answers). Only what the emulated
 * operations need, but exactly as the SDK expects.
 */
import type { IncomingMessage } from 'node:http';
import { AwsEmulatorError, type RestRoute, type RestXmlInput, type RestXmlOutput, type ServiceDefinition } from './service';

export interface ParsedCall {
  readonly operation: string;
  readonly input: unknown;
  readonly pathParams: Record<string, string>;
  readonly query: Record<string, string>;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

/** The SigV4 credential scope of a request: who signed it, for which Region and service. */
export interface SigningScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/** The scope in `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ecr/aws4_request, …`. */
export function scopeOf(req: IncomingMessage): SigningScope | undefined {
  const auth = req.headers.authorization ?? '';
  const found = /Credential=([^/\s,]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  return found ? { accessKeyId: found[1] as string, region: found[2] as string, service: found[3] as string } : undefined;
}

/** The SigV4 signing name in `Credential=AKID/20250101/us-east-1/ecr/aws4_request`. */
export function signingNameOf(req: IncomingMessage): string | undefined {
  return scopeOf(req)?.service;
}

export function parseCall(service: ServiceDefinition, req: IncomingMessage, bytes: Buffer): ParsedCall {
  const body = bytes.toString('utf8');
  const url = new URL(req.url ?? '/', 'http://emulator');
  const query = Object.fromEntries(url.searchParams.entries());
  if (service.protocol === 'json1.1') {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.indexOf('.') + 1);
    return { operation, input: body ? JSON.parse(body) : {}, pathParams: {}, query };
  }
  if (service.protocol === 'query') {
    const form = Object.fromEntries(new URLSearchParams(body).entries());
    return { operation: form.Action ?? '', input: form, pathParams: {}, query };
  }
  const match = matchRoute(service.routes ?? [], req.method ?? 'GET', url.pathname);
  if (!match) throw new AwsEmulatorError('UnknownOperationException', `No route for ${req.method} ${url.pathname}`, 404);
  const { operation } = match.route;
  if (service.protocol === 'rest-xml') {
    const input: RestXmlInput = { body, bytes, headers: req.headers };
    return { operation, input, pathParams: match.params, query };
  }
  return { operation, input: body ? JSON.parse(body) : {}, pathParams: match.params, query };
}

function matchRoute(routes: readonly RestRoute[], method: string, pathname: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const names: string[] = [];
    // `{name}` matches one segment, `{name+}` the rest of the path (an S3 key); everything else is literal.
    const pattern = route.path.replace(/\{(\w+)(\+?)\}|[.*+?^$()|[\]\\]/g, (literal, name?: string, greedy?: string) => {
      if (name === undefined) return `\\${literal}`;
      names.push(name);
      return greedy ? '(.+)' : '([^/]+)';
    });
    const found = new RegExp(`^${pattern}/?$`).exec(pathname);
    if (found) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { route, params };
    }
  }
  return undefined;
}

export function successResponse(service: ServiceDefinition, operation: string, output: unknown): WireResponse {
  if (service.protocol === 'query') {
    const ns = service.xmlNamespace ?? '';
    const inner = toXml(output ?? {});
    const body = `<${operation}Response xmlns="${ns}"><${operation}Result>${inner}</${operation}Result>` +
      `<ResponseMetadata><RequestId>emulator</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  }
  if (service.protocol === 'rest-xml') {
    const raw = (output ?? {}) as RestXmlOutput;
    return { status: raw.status ?? 200, headers: { ...raw.headers }, body: raw.body ?? '' };
  }
  const contentType = service.protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json';
  return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(output ?? {}) };
}

export function errorResponse(service: ServiceDefinition, error: AwsEmulatorError): WireResponse {
  if (service.protocol === 'query') {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    const body = `<ErrorResponse><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
      `</Error><RequestId>emulator</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
  }
  if (service.protocol === 'rest-xml') {
    // S3's shape: a bare <Error>, no ErrorResponse wrapper and no type; the SDK names the error after <Code>.
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>` +
      `<RequestId>emulator</RequestId></Error>`;
    return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
  }
  const contentType = service.protocol === 'json1.1' ? 'application/x-amz-json-1.1' : 'application/json';
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** Query-protocol output: objects become elements, arrays become `<member>` lists. */
function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
