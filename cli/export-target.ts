/**
 * Where `export` writes: `--to s3://<bucket>/live/<id>.json`, the key the exchange reads, with the CLI's usual AWS
 * client settings (profile, region, endpoint). Both options are checked before any cluster is read, so that a typo
 * costs a usage error, not a full read.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { commonClientConfig } from '../lambda/adapters/common/clients';
import { S3ExchangeStore } from '../lambda/adapters/s3/exchange-store';
import { loadS3 } from '../lambda/adapters/s3/lazy-s3';
import type { LiveSetExport } from '../lambda/core/collected';
import { liveSetExportSchema } from '../lambda/exchange/export-schema';
import { UsageError } from './errors';
import { clientSettings, type GlobalOptions } from './global-options';
import type { CliIo } from './io';

export interface ExportTarget {
  readonly bucket: string;
  readonly key: string;
}

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/;
/** An id the bucket policy lets an account write: its own account id, or that id and a dash. */
const ACCOUNT_PREFIXED = /^\d{12}(?:$|-)/;

/** The export id, checked against the schema's own pattern, since a document with a bad id is refused by every reader. */
export function checkedId(id: string): string {
  if (liveSetExportSchema.shape.id.safeParse(id).success) return id;
  throw new UsageError(`--id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. <account id>-<name>), not ${JSON.stringify(id)}`);
}

/** `--to` with the `--id` it must name; undefined without `--to` (the export goes to stdout). */
export function exportTarget(to: string | undefined, id: string | undefined): ExportTarget | undefined {
  if (to === undefined) return undefined;
  const match = S3_URI.exec(to);
  if (!match) throw new UsageError(`--to must be s3://<bucket>/live/<id>.json, not ${JSON.stringify(to)}`);
  if (id === undefined) throw new UsageError('--to needs --id: the export id, which names the object live/<id>.json');
  const expected = `live/${checkedId(id)}.json`;
  if (match[2] !== expected) throw new UsageError(`--to ${to}: the object key must be live/<id>.json, here ${expected}: the exchange reads no other key`);
  return { bucket: match[1] as string, key: expected };
}

/** Not an error: another bucket may have another policy. But with the stack's, the write would be refused. */
export function policyWarning(id: string): string | undefined {
  if (ACCOUNT_PREFIXED.test(id)) return undefined;
  return `warning: the exchange bucket's policy lets an account write only live/<its account id>.json and live/<its account id>-*; --id ${id} starts with no account id`;
}

export interface ExportWriter {
  /** `s3://bucket/live/<id>.json`. */
  readonly where: string;
  write(document: LiveSetExport): Promise<void>;
}

/**
 * The S3 client is built, and its region resolved, before the clusters are read: a missing region is then a usage
 * error up front. Path-style addressing when an endpoint is given, as the Lambda's wiring does.
 */
export async function exportWriter(target: ExportTarget, options: GlobalOptions, io: CliIo): Promise<ExportWriter> {
  const settings = clientSettings(options, io.env);
  const config = commonClientConfig({ ...settings, credentials: settings.credentials ?? fromNodeProviderChain() });
  const endpointGiven = Boolean(settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
  const client: S3Client = (await loadS3()).s3JournalClient(config, endpointGiven);
  await client.config.region();
  const store = new S3ExchangeStore({ client, bucket: target.bucket });
  return { where: `s3://${target.bucket}/${target.key}`, write: (document) => store.write(document) };
}
