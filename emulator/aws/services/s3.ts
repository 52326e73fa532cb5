/**
 * S3 (REST-XML, signing name `s3`), path-style addressing only (`/{Bucket}/{Key+}`: clients need forcePathStyle):
 * the object calls a JSON document store needs, and ListObjectsV2 (s3-list.ts). Bodies are kept as text. Buckets are
 * one namespace shared by every account of the estate; who may do what is s3-access.ts. Like S3 it checks what it can
 * of the upload (payload hash, CRC32 checksum) and throttles with 503 SlowDown.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { EmuS3Object } from '../account';
import type { Quota } from '../limits';
import { AwsEmulatorError, type OperationContext, type RestXmlInput, type RestXmlOutput, type ServiceDefinition } from '../service';
import { authorize } from './s3-access';
import { bucketOf, bytesOf, etag, header, noSuchKey, objectAt, objectHeaders, recordWrite, storeBytes } from './s3-common';
import { listObjectsV2 } from './s3-list';

/** S3's request rates per partitioned prefix: 3,500 writes and 5,500 reads per second. */
export const S3_QUOTAS: Readonly<Record<string, Quota>> = {
  's3:write': { burst: 3500, perSecond: 3500 },
  's3:read': { burst: 5500, perSecond: 5500 },
};

/**
 * The body as the client meant it. aws-chunked (streaming signatures or trailing checksums) is refused rather than
 * decoded: the project's clients are configured not to send it, and a 400 makes a regression visible.
 */
function checkedBody(input: RestXmlInput): Buffer {
  const encoding = header(input, 'content-encoding') ?? '';
  const sha256 = header(input, 'x-amz-content-sha256') ?? '';
  if (encoding.includes('aws-chunked') || sha256.startsWith('STREAMING-') || header(input, 'x-amz-decoded-content-length')) {
    throw new AwsEmulatorError('InvalidRequest',
      "The emulator does not decode aws-chunked bodies: create the client with requestChecksumCalculation: 'WHEN_REQUIRED'");
  }
  if (sha256 && sha256 !== 'UNSIGNED-PAYLOAD' && sha256 !== createHash('sha256').update(input.bytes).digest('hex')) {
    throw new AwsEmulatorError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const declared = header(input, 'x-amz-checksum-crc32');
  if (declared !== undefined) {
    const computed = Buffer.alloc(4);
    computed.writeUInt32BE(crc32(input.bytes));
    if (declared !== computed.toString('base64')) {
      throw new AwsEmulatorError('BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
    }
  }
  return input.bytes;
}

/**
 * Conditional writes (PutObject API reference, `If-Match` / `If-None-Match`; User Guide "How to prevent object
 * overwrites with conditional writes"): `If-None-Match` "Expects the '*' (asterisk) character" and uploads only if the
 * key does not exist, else 412 PreconditionFailed; `If-Match: <etag>` uploads only if the current object's ETag
 * matches, else 412, and fails with 404 NoSuchKey when there is no current object. (S3's 409
 * ConditionalRequestConflict is for concurrent requests, which this single-threaded emulator never has: tests inject it.)
 * Another If-None-Match value is not documented as supported: refused with 400 (the safe side).
 */
function checkWritePreconditions(input: RestXmlInput, existing: EmuS3Object | undefined): void {
  const ifNoneMatch = header(input, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw new AwsEmulatorError('InvalidRequest', "If-None-Match on PutObject expects the '*' character");
    if (existing) throw preconditionFailed();
  }
  checkIfMatch(input, existing);
}

/**
 * `If-Match` on PutObject and DeleteObject (User Guide "How to perform conditional deletes": supported for general
 * purpose buckets; "If the ETag doesn't match, the delete operation fails with a 412 Precondition Failed"; `*` checks
 * that the object exists). A missing object with If-Match sent is 404 NoSuchKey on both. `If-Match: *` is documented
 * for deletes only; on PutObject it is undocumented and treated the same way, as an existence check.
 */
function checkIfMatch(input: RestXmlInput, existing: EmuS3Object | undefined): void {
  const ifMatch = header(input, 'if-match');
  if (ifMatch === undefined) return;
  if (!existing) throw noSuchKey();
  if (ifMatch.trim() !== '*' && unquoted(ifMatch) !== unquoted(etag(bytesOf(existing)))) throw preconditionFailed();
}

/** ETags are sent quoted or not (RFC 7232 entity-tags are quoted; the SDK passes through what it is given). */
const unquoted = (value: string) => value.trim().replace(/^"|"$/g, '');

const preconditionFailed = () => new AwsEmulatorError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);

function putObject(input: RestXmlInput, ctx: OperationContext): RestXmlOutput {
  const bucket = bucketOf(ctx);
  const key = ctx.pathParams.Key ?? '';
  authorize(ctx, input, bucket, 'write', key);
  const bytes = checkedBody(input);
  checkWritePreconditions(input, objectAt(bucket.objects, key));
  const contentType = header(input, 'content-type');
  const body = bytes.toString('utf8');
  const object: EmuS3Object = contentType === undefined ? { body } : { body, contentType };
  storeBytes(object, bytes, header(input, 'content-encoding'));
  bucket.objects[key] = object;
  recordWrite(object, ctx.now());
  return { headers: { etag: etag(bytes) } };
}

/**
 * GetObject's and HeadObject's conditional headers (If-Match 412, If-None-Match 304, If-Modified-Since,
 * If-Unmodified-Since), a byte Range (206), and a versionId or partNumber (GetObject / HeadObject API reference) are
 * not modelled: refused with 501 NotImplemented rather than ignored.
 */
function refuseConditionalRead(input: RestXmlInput, ctx: OperationContext): void {
  for (const name of ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'range']) {
    if (header(input, name) !== undefined) throw new AwsEmulatorError('NotImplemented', `${name} on a read is not emulated`, 501);
  }
  for (const name of ['versionId', 'partNumber']) {
    if (ctx.query[name] !== undefined) throw new AwsEmulatorError('NotImplemented', `${name} on a read is not emulated`, 501);
  }
}

function readObject(input: RestXmlInput, ctx: OperationContext): EmuS3Object {
  refuseConditionalRead(input, ctx);
  const bucket = bucketOf(ctx);
  const key = ctx.pathParams.Key ?? '';
  authorize(ctx, input, bucket, 'read', key);
  const object = objectAt(bucket.objects, key);
  if (!object) throw noSuchKey();
  return object;
}

function getObject(input: RestXmlInput, ctx: OperationContext): RestXmlOutput {
  const object = readObject(input, ctx);
  return { headers: objectHeaders(object, ctx.now()), body: bytesOf(object) };
}

/**
 * HeadObject: GetObject's headers without the body. A HEAD answer carries no body, errors included, so the SDK names
 * a failure after its status (NotFound, Forbidden), as it does against S3.
 */
function headObject(input: RestXmlInput, ctx: OperationContext): RestXmlOutput {
  return { headers: objectHeaders(readObject(input, ctx), ctx.now()) };
}

/** 204 whether or not the key existed, as S3 answers, unless an If-Match precondition says otherwise. */
function deleteObject(input: RestXmlInput, ctx: OperationContext): RestXmlOutput {
  const bucket = bucketOf(ctx);
  const key = ctx.pathParams.Key ?? '';
  authorize(ctx, input, bucket, 'write', key);
  checkIfMatch(input, objectAt(bucket.objects, key));
  delete bucket.objects[key];
  return { status: 204 };
}

export const s3: ServiceDefinition = {
  signingName: 's3',
  protocol: 'rest-xml',
  routes: [
    { method: 'PUT', path: '/{Bucket}/{Key+}', operation: 'PutObject' },
    { method: 'GET', path: '/{Bucket}/{Key+}', operation: 'GetObject' },
    { method: 'HEAD', path: '/{Bucket}/{Key+}', operation: 'HeadObject' },
    { method: 'DELETE', path: '/{Bucket}/{Key+}', operation: 'DeleteObject' },
    { method: 'GET', path: '/{Bucket}', operation: 'ListObjectsV2' },
  ],
  operations: { PutObject: putObject, GetObject: getObject, HeadObject: headObject, DeleteObject: deleteObject, ListObjectsV2: listObjectsV2 },
  quotaBuckets: { PutObject: 'write', DeleteObject: 'write', GetObject: 'read', HeadObject: 'read', ListObjectsV2: 'read' },
  throttleError: { code: 'SlowDown', status: 503 },
  sharedQuotas: true,
};
