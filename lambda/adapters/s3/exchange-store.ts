/**
 * The exchange bucket in S3: `live/<id>.json`, one live-set export per account (or per set of clusters outside AWS).
 * Reading lists the prefix and reads every export, each checked against the published schema; one that cannot be used
 * says why (too large, unreadable, malformed, of an unknown version), so that decide() can block on the ones it
 * expects and note the others. Writing replaces this account's object whole: S3 never shows a reader a half-written
 * object (a PutObject is atomic), so an export is either the previous one or the new one.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ImportedExport, LiveSetExport } from '../../core/collected';
import { describeIssues } from '../../config/zod-issues';
import { liveSetExportSchema } from '../../exchange/export-schema';
import type { ExchangeStore } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { ExchangeError } from '../common/errors';
import { lazyS3Client, loadS3, type S3ClientSource } from './lazy-s3';
import { versionOf } from './state-check';

export const EXPORT_PREFIX = 'live/';
/** 64 MiB: ~250,000 references; a larger object is refused unread, so that one export cannot exhaust the Lambda's memory. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;
const KEY = /^live\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})\.json$/;
const READ_CONCURRENCY = 8;

export interface S3ExchangeStoreOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
}

interface Listed {
  readonly id: string;
  readonly key: string;
  readonly size: number;
}

export class S3ExchangeStore implements ExchangeStore {
  private readonly s3: () => Promise<S3Client>;

  constructor(private readonly options: S3ExchangeStoreOptions) {
    this.s3 = lazyS3Client(options.client);
  }

  async readAll(own?: Promise<string>): Promise<readonly ImportedExport[]> {
    // An own id that cannot be learnt skips nothing: decide() leaves this account's export out all the same.
    const [listed, self] = await Promise.all([this.list(), own?.catch(() => undefined)]);
    const others = listed.filter((object) => object.id !== self);
    return mapWithConcurrency(others, READ_CONCURRENCY, (object) => this.read(object));
  }

  async write(document: LiveSetExport): Promise<void> {
    const key = `${EXPORT_PREFIX}${document.id}.json`;
    // Checked before writing: an export its readers refuse would block every registry that expects it.
    const checked = liveSetExportSchema.safeParse(document);
    if (!checked.success) throw new ExchangeError(`write s3://${this.options.bucket}/${key}: not a valid export: ${problemsOf(checked.error.issues)}`);
    try {
      const [{ PutObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
      await client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: JSON.stringify(document), ContentType: 'application/json' }));
    } catch (error) {
      throw new ExchangeError(`write s3://${this.options.bucket}/${key}`, { cause: error });
    }
  }

  private async list(): Promise<Listed[]> {
    const listed: Listed[] = [];
    try {
      const [{ paginateListObjectsV2 }, client] = await Promise.all([loadS3(), this.s3()]);
      for await (const page of paginateListObjectsV2({ client }, { Bucket: this.options.bucket, Prefix: EXPORT_PREFIX })) {
        for (const object of page.Contents ?? []) {
          const id = KEY.exec(object.Key ?? '')?.[1];
          if (id !== undefined) listed.push({ id, key: object.Key as string, size: object.Size ?? 0 });
        }
      }
    } catch (error) {
      throw new ExchangeError(`list s3://${this.options.bucket}/${EXPORT_PREFIX}`, { cause: error });
    }
    return listed;
  }

  private async read({ id, key, size }: Listed): Promise<ImportedExport> {
    const where = `s3://${this.options.bucket}/${key}`;
    if (size > MAX_EXPORT_BYTES) return unusable(id, 'too-large', `${where} is ${size} bytes, over the ${MAX_EXPORT_BYTES}-byte limit`);
    let text: string;
    try {
      const [{ GetObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
      const response = await client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if ((response.ContentLength ?? 0) > MAX_EXPORT_BYTES) return unusable(id, 'too-large', `${where} is ${response.ContentLength} bytes, over the ${MAX_EXPORT_BYTES}-byte limit`);
      text = (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      return unusable(id, 'unreadable', `${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    return parseExport(id, where, text);
  }
}

/** The export in `text`, or why it cannot be used. */
export function parseExport(id: string, where: string, text: string): ImportedExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return unusable(id, 'malformed', `${where} is not JSON`);
  }
  const version = versionOf(json);
  if (version !== undefined && version !== 1) return unusable(id, 'unknown-version', `${where} has version ${version}; this reader knows version 1`);
  const parsed = liveSetExportSchema.safeParse(json);
  if (!parsed.success) return unusable(id, 'malformed', `${where} is not a live-set export: ${problemsOf(parsed.error.issues)}`);
  if (parsed.data.id !== id) return unusable(id, 'malformed', `${where} says it is the export of ${parsed.data.id}`);
  return { id, kind: 'read', document: parsed.data as LiveSetExport };
}

function unusable(id: string, problem: Extract<ImportedExport, { kind: 'unusable' }>['problem'], message: string): ImportedExport {
  return { id, kind: 'unusable', problem, message };
}

function problemsOf(issues: Parameters<typeof describeIssues>[0]): string {
  const problems = describeIssues(issues).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  return problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
}
