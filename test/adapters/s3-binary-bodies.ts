/**
 * The AWS emulator keeps S3 bodies as UTF-8 text (emulator/aws/account.ts EmuS3Object: "the project keeps only JSON
 * documents in S3"), so the gzipped state cannot cross it as is: its bytes are not UTF-8, and the emulator's check
 * of the signed payload hash fails. This client middleware carries a gzip-encoded body as `base64:<base64>` text
 * on the way out and turns such a body back into bytes on the way in, beneath everything the adapters see: the
 * adapter still sends gzip bytes with Content-Encoding gzip, and reads bytes back, exactly as against S3.
 */
import type { S3Client, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { BuildMiddleware, DeserializeMiddleware } from '@smithy/types';
import { Readable } from 'node:stream';

export const TEXT_PREFIX = 'base64:';

interface HttpMessage {
  headers: Record<string, string>;
  body?: unknown;
}

const toText: BuildMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  const request = args.request as HttpMessage;
  if (request.headers['content-encoding'] === 'gzip' && request.body instanceof Uint8Array) {
    request.body = TEXT_PREFIX + Buffer.from(request.body).toString('base64');
    request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
  }
  return next(args);
};

const toBytes: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
  const result = await next(args);
  const response = result.response as HttpMessage & { statusCode?: number };
  if (response.statusCode !== 200 || !(response.body instanceof Readable)) return result;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks);
  const bytes = text.subarray(0, TEXT_PREFIX.length).toString() === TEXT_PREFIX
    ? Buffer.from(text.subarray(TEXT_PREFIX.length).toString(), 'base64') : text;
  response.body = Readable.from([bytes]);
  response.headers['content-length'] = String(bytes.length);
  return result;
};

/** The client, able to store binary bodies in the emulator. */
export function withBinaryBodies(client: S3Client): S3Client {
  // After contentLengthMiddleware (which would keep the binary length) and before signing (finalizeRequest).
  client.middlewareStack.add(toText, { step: 'build', priority: 'low', name: 'emulatorTextBody' });
  // Inside the deserializer: the raw response, before the SDK wraps its stream.
  client.middlewareStack.addRelativeTo(toBytes, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'emulatorBinaryBody' });
  return client;
}
