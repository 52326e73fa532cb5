/**
 * ListObjectsV2 (`GET /{Bucket}?list-type=2`, S3 API reference): keys "in ascending order of the respective key
 * names" (UTF-8 binary order), at most max-keys (default and ceiling 1,000) and the emulator's forced page size per
 * page, continued with NextContinuationToken. Delimiters (CommonPrefixes), URL encoding of keys and Owner are not
 * emulated: asking for them is refused with 501 rather than ignored. Version 1 (ListObjects) likewise.
 */
import type { EmuS3Object } from '../account';
import { AwsEmulatorError, type OperationContext, type RestXmlInput, type RestXmlOutput } from '../service';
import { authorize } from './s3-access';
import { bucketOf, bytesOf, escapeXml, etag, lastModifiedOf } from './s3-common';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function listObjectsV2(input: RestXmlInput, ctx: OperationContext): RestXmlOutput {
  const { query } = ctx;
  refuseUnmodelled(query);
  const bucket = bucketOf(ctx);
  const prefix = query.prefix ?? '';
  authorize(ctx, input, bucket, 'list', prefix);
  const maxKeys = maxKeysOf(query['max-keys']);
  const after = query['continuation-token'] !== undefined ? keyOfToken(query['continuation-token']) : query['start-after'];
  const keys = Object.keys(bucket.objects)
    .filter((key) => key.startsWith(prefix) && (after === undefined || Buffer.compare(Buffer.from(key), Buffer.from(after)) > 0))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const page = keys.slice(0, Math.min(maxKeys, ctx.pageSize));
  const truncated = page.length < keys.length && page.length > 0;
  const last = page[page.length - 1];
  const body = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${S3_NAMESPACE}">`,
    element('Name', bucket.name), element('Prefix', prefix), element('KeyCount', page.length), element('MaxKeys', maxKeys),
    element('IsTruncated', truncated),
    query['continuation-token'] !== undefined ? element('ContinuationToken', query['continuation-token']) : '',
    truncated && last !== undefined ? element('NextContinuationToken', tokenOfKey(last)) : '',
    query['start-after'] !== undefined ? element('StartAfter', query['start-after']) : '',
    ...page.map((key) => contents(key, bucket.objects[key] as EmuS3Object, ctx.now())),
    '</ListBucketResult>',
  ].join('');
  return { headers: { 'content-type': 'application/xml' }, body };
}

function refuseUnmodelled(query: Readonly<Record<string, string>>): void {
  if (query['list-type'] !== '2') throw notEmulated('ListObjects (version 1)');
  for (const name of ['delimiter', 'encoding-type']) if (query[name] !== undefined) throw notEmulated(`ListObjectsV2 ${name}`);
  if (query['fetch-owner'] === 'true') throw notEmulated('ListObjectsV2 fetch-owner');
}

const notEmulated = (what: string) => new AwsEmulatorError('NotImplemented', `${what} is not emulated`, 501);

/**
 * max-keys: "By default the action returns up to 1,000 key names"; more is capped at 1,000. Zero answers no keys and
 * no continuation (undocumented: S3's answer to 0 is not specified; never promising more is the side that ends a loop).
 */
function maxKeysOf(value: string | undefined): number {
  if (value === undefined) return 1000;
  if (!/^\d+$/.test(value)) throw new AwsEmulatorError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  return Math.min(Number(value), 1000);
}

/** Continuation tokens are opaque to clients ("obfuscated and not a real key"); here base64 of the last key given. */
function tokenOfKey(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64');
}

function keyOfToken(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (!decoded.startsWith('k:')) throw new AwsEmulatorError('InvalidArgument', 'The continuation token provided is incorrect');
  return decoded.slice(2);
}

function contents(key: string, object: EmuS3Object, now: number): string {
  return '<Contents>' + element('Key', key) + element('LastModified', new Date(lastModifiedOf(object, now)).toISOString()) +
    element('ETag', etag(bytesOf(object))) + element('Size', bytesOf(object).length) +
    element('StorageClass', 'STANDARD') + '</Contents>';
}

function element(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
