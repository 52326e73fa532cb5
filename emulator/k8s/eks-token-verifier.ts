/**
 * Checks an EKS bearer token the way EKS (aws-iam-authenticator) and STS do together: `k8s-aws-v1.` + base64url (no
 * padding) of a presigned STS GetCallerIdentity URL, only whitelisted query parameters, `x-k8s-aws-id` among the
 * signed headers, valid for 15 minutes from X-Amz-Date, and a SigV4 signature that verifies for this cluster's name
 * with the caller's secret. The cluster name is never read from the token: like EKS, the verifier adds the header
 * itself, so a token signed for another cluster fails the signature check.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface EmulatedPrincipal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, the token must carry exactly this X-Amz-Security-Token. */
  readonly sessionToken?: string;
  /** The IAM principal EKS maps the caller to, matched against a cluster's access entries. */
  readonly arn: string;
}

export type TokenVerdict = { readonly ok: true; readonly principal: EmulatedPrincipal } | { readonly ok: false; readonly reason: string };

export const TOKEN_PREFIX = 'k8s-aws-v1.';
export const MAX_TOKEN_BYTES = 4096;
export const TOKEN_VALIDITY_MS = 15 * 60 * 1000;
const ALLOWED_PARAMETERS = new Set([
  'action', 'version', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires',
  'x-amz-security-token', 'x-amz-signature', 'x-amz-signedheaders',
]);
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

class Refused extends Error {}

export async function verifyEksToken(
  authorization: string | undefined,
  cluster: string,
  principals: ReadonlyMap<string, EmulatedPrincipal>,
  now: number,
): Promise<TokenVerdict> {
  try {
    const url = presignedUrlOf(authorization);
    const params = checkedParameters(url);
    checkFreshness(params, now);
    const principal = principals.get(credentialOf(params).accessKeyId);
    if (!principal) throw new Refused('unknown access key id');
    await checkSignature(url, params, cluster, principal);
    return { ok: true, principal };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

function presignedUrlOf(authorization: string | undefined): URL {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new Refused('no bearer token');
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new Refused('token longer than 4096 bytes');
  if (!token.startsWith(TOKEN_PREFIX)) throw new Refused('token lacks the k8s-aws-v1. prefix');
  const encoded = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw new Refused('token is not base64url without padding');
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new Refused('token does not decode to a URL');
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || !STS_HOST.test(url.hostname)) {
    throw new Refused(`not an STS URL: ${url.protocol}//${url.hostname}${url.pathname}`);
  }
  return url;
}

/** Parameters keyed by lower-case name. Anything outside the whitelist, or repeated, refuses the token. */
function checkedParameters(url: URL): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(key)) throw new Refused(`query parameter ${name} is not allowed`);
    if (params.has(key)) throw new Refused(`query parameter ${name} is repeated`);
    params.set(key, value);
  }
  if (params.get('action') !== 'GetCallerIdentity') throw new Refused('action is not GetCallerIdentity');
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) throw new Refused('x-k8s-aws-id is not a signed header');
  return params;
}

function checkFreshness(params: Map<string, string>, now: number): void {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('x-amz-date') ?? '');
  if (!match) throw new Refused('X-Amz-Date is missing or malformed');
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const signedAt = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  // X-Amz-Expires is ignored, as STS ignores it for this call: the token lives 15 minutes from its signing time.
  if (now > signedAt + TOKEN_VALIDITY_MS) throw new Refused('token expired');
  if (signedAt > now + TOKEN_VALIDITY_MS) throw new Refused('token signed in the future');
  const expires = params.get('x-amz-expires') ?? '';
  if (!/^\d{1,3}$/.test(expires) || Number(expires) > 900) throw new Refused('X-Amz-Expires is not within 0..900');
}

function credentialOf(params: Map<string, string>) {
  const parts = (params.get('x-amz-credential') ?? '').split('/');
  if (parts.length !== 5 || parts[3] !== 'sts' || parts[4] !== 'aws4_request') throw new Refused('malformed X-Amz-Credential');
  return { accessKeyId: parts[0] as string, region: parts[2] as string };
}

/** Re-signs the request STS would receive (host + x-k8s-aws-id: <this cluster>) and compares the signatures. */
async function checkSignature(url: URL, params: Map<string, string>, cluster: string, principal: EmulatedPrincipal): Promise<void> {
  if (params.get('x-amz-signedheaders') !== 'host;x-k8s-aws-id') throw new Refused('signed headers other than host;x-k8s-aws-id');
  const sessionToken = params.get('x-amz-security-token');
  if (principal.sessionToken !== undefined && sessionToken !== principal.sessionToken) throw new Refused('invalid session token');
  const signer = new SignatureV4({
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    region: credentialOf(params).region,
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (!name.toLowerCase().startsWith('x-amz-')) query[name] = value;
  const request = new HttpRequest({
    method: 'GET', protocol: 'https:', hostname: url.hostname, path: '/', query,
    headers: { host: url.hostname, 'x-k8s-aws-id': cluster },
  });
  const expected = await signer.presign(request, {
    expiresIn: Number(params.get('x-amz-expires')),
    signingDate: parseAmzDate(params.get('x-amz-date') as string),
  });
  const expectedSignature = Buffer.from(String(expected.query?.['X-Amz-Signature'] ?? ''));
  const givenSignature = Buffer.from(params.get('x-amz-signature') ?? '');
  if (expectedSignature.length !== givenSignature.length || !timingSafeEqual(expectedSignature, givenSignature)) {
    throw new Refused('signature does not match (forged, or signed for another cluster)');
  }
}

function parseAmzDate(value: string): Date {
  return new Date(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
}
