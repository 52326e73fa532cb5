/**
 * Everything of the S3 SDK the journal, the run lease and the exchange use, in one module that they load on first use.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { CommonClientConfig } from '../common/clients';

export { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';

/**
 * The S3 client the journal uses, here so that wiring and tests build the same one. Path-style addressing when an
 * endpoint is given (the emulator, LocalStack, MinIO serve no per-bucket host names). Checksums only when an operation
 * requires them: the SigV4 payload hash already covers the body, and the default (WHEN_SUPPORTED) switches streamed
 * bodies to aws-chunked encoding with trailing checksums, which S3-compatible endpoints often reject.
 */
export function s3JournalClient(config: CommonClientConfig, endpointGiven: boolean): S3Client {
  return new S3Client({ ...config, forcePathStyle: endpointGiven, requestChecksumCalculation: 'WHEN_REQUIRED' });
}
