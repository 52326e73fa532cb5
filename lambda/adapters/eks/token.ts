/**
 * EKS bearer tokens without aws-iam-authenticator: a SigV4-presigned STS GetCallerIdentity URL whose signed headers
 * include `x-k8s-aws-id: <cluster>`, as `k8s-aws-v1.` + base64url (no padding). EKS accepts one for 15 minutes
 * from its signing time; the cache hands out a fresh one after 14, as aws-iam-authenticator does, so a long
 * listing never presents an expired token.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** EKS refuses a token 15 minutes after X-Amz-Date; refreshing at 14 leaves a minute for clock skew and slow calls. */
export const EKS_TOKEN_REFRESH_AFTER_MS = 14 * 60 * 1000;
/** Ignored by STS for this call, but it must lie within 0..900. */
const PRESIGN_EXPIRES_IN_S = 60;

export interface EksTokenInput {
  readonly cluster: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Signing time, epoch milliseconds. */
  readonly now: number;
}

export async function createEksToken(input: EksTokenInput): Promise<string> {
  const hostname = stsHostname(input.region);
  const signer = new SignatureV4({ credentials: input.credentials, region: input.region, service: 'sts', sha256: Hash.bind(null, 'sha256') });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, 'x-k8s-aws-id': input.cluster },
  });
  // presign hoists only x-amz-* headers into the query, so x-k8s-aws-id stays a signed header, not a parameter.
  const presigned = await signer.presign(request, { expiresIn: PRESIGN_EXPIRES_IN_S, signingDate: new Date(input.now) });
  const url = `https://${hostname}/?${queryString(presigned.query ?? {})}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}

/** The regional STS endpoint; China regions live under amazonaws.com.cn. */
export function stsHostname(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

function queryString(query: NonNullable<HttpRequest['query']>): string {
  return Object.entries(query)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${escape(name)}=${escape(String(v ?? ''))}`))
    .join('&');
}

/** RFC 3986 escaping, as SigV4 canonicalizes: encodeURIComponent leaves !'()* alone. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface EksTokenCacheOptions {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Epoch milliseconds. */
  readonly clock: () => number;
}

/**
 * One token per cluster, shared by that cluster's concurrent list calls (the pending promise is cached, so they
 * mint once), replaced after EKS_TOKEN_REFRESH_AFTER_MS or when the cluster answered 401 to it.
 */
export class EksTokenCache {
  private readonly entries = new Map<string, { readonly token: Promise<string>; readonly mintedAt: number }>();

  constructor(private readonly options: EksTokenCacheOptions) {}

  token(cluster: string): Promise<string> {
    const now = this.options.clock();
    const entry = this.entries.get(cluster);
    if (entry && now - entry.mintedAt < EKS_TOKEN_REFRESH_AFTER_MS) return entry.token;
    const token = createEksToken({ cluster, region: this.options.region, credentials: this.options.credentials, now });
    this.entries.set(cluster, { token, mintedAt: now });
    // A failed mint (credentials unavailable) is not cached: the next call tries again.
    token.catch(() => this.entries.get(cluster)?.token === token && this.entries.delete(cluster));
    return token;
  }

  /** Drops the cluster's token, so the next request mints a new one (after a 401). */
  invalidate(cluster: string): void {
    this.entries.delete(cluster);
  }
}
