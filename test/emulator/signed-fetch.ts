/**
 * A raw SigV4-signed request to the AWS emulator, for what an SDK client would hide: members its model lacks (it
 * drops them on parsing), exact status codes and bodies.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedRequest {
  readonly service: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export async function signedFetch(url: string, request: SignedRequest): Promise<RawAnswer> {
  const target = new URL(request.path ?? '/', url);
  const signer = new SignatureV4({ credentials: request.credentials, region: request.region, service: request.service, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(new HttpRequest({
    method: request.method ?? 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    headers: { host: target.host, ...request.headers },
    ...(request.body !== undefined ? { body: request.body } : {}),
  }));
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: signed.method, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** A JSON 1.1 call (ECR, ECS, …): `X-Amz-Target: <prefix>.<operation>`. */
export function jsonCall(url: string, service: string, target: string, region: string, credentials: SignedRequest['credentials'], input: unknown = {}) {
  return signedFetch(url, {
    service, region, credentials,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(input),
  });
}
