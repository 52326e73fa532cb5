/**
 * The deletion journal of deployments from before the state (state-store.ts holds it now): read once by the state
 * store when a deployment upgrades, so that an interrupted run's journal is not lost; its writer stays so that the
 * upgrade path is tested end to end. The deletion journal as one S3 object: `{"version":1,"entries":[…]}`, replaced whole on every write. A missing
 * object is an empty journal (the first run); anything else that stops a read is a JournalError, because a run that
 * cannot tell what an interrupted run left behind must delete nothing.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { describeIssues, reportMissingKeys } from '../../config/zod-issues';
import { compareEntries } from '../../core/journal';
import type { JournalEntry } from '../../core/model';
import { isNamed } from '../common/calls';
import { JournalError } from '../common/errors';
import { lazyS3Client, loadS3, type S3ClientSource } from './lazy-s3';

export type { S3ClientSource } from './lazy-s3';

export interface S3JournalStoreOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
  readonly key: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const digest = z.string().regex(DIGEST, { error: 'expected sha256:<64 lowercase hex digits>' });
const entrySchema = z.object({ region: z.string().min(1).optional(), repository: z.string().min(1, { error: 'expected a repository name' }), digest, parent: digest });
/** A version other than 1 is refused, not guessed at: a newer writer may mean something this reader does not. */
const documentSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) });

/** Problems named per field; a handful is enough to act on and keeps the message readable. */
function problemsOf(error: z.ZodError): string {
  const problems = describeIssues(error.issues).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return problems.slice(0, 3).join('; ') + more;
}

export class S3JournalStore {
  private readonly location: string;
  private readonly s3: () => Promise<S3Client>;

  constructor(private readonly options: S3JournalStoreOptions) {
    this.location = `s3://${options.bucket}/${options.key}`;
    this.s3 = lazyS3Client(options.client);
  }

  async read(): Promise<readonly JournalEntry[]> {
    let text: string;
    try {
      const [{ GetObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
      const response = await client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.options.key }));
      text = (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      // Only a missing key means "no journal yet"; a missing bucket is a misconfiguration and must not read as empty.
      if (isNamed(error, 'NoSuchKey')) return [];
      throw new JournalError(`read ${this.location}`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new JournalError(`read ${this.location}: not JSON`, { cause: error });
    }
    const parsed = documentSchema.safeParse(json, reportMissingKeys);
    if (!parsed.success) throw new JournalError(`read ${this.location}: not a journal document: ${problemsOf(parsed.error)}`);
    return parsed.data.entries;
  }

  async write(entries: readonly JournalEntry[]): Promise<void> {
    // Checked before writing too: a journal the next run cannot read would stop every run after this one.
    const parsed = z.array(entrySchema).safeParse(entries, reportMissingKeys);
    if (!parsed.success) throw new JournalError(`write ${this.location}: invalid entries: ${problemsOf(parsed.error)}`);
    // The schema keeps only its fields, in schema order, so the document depends on nothing else.
    const body = JSON.stringify({ version: 1, entries: parsed.data.sort(compareEntries) });
    try {
      const [{ PutObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
      await client.send(
        new PutObjectCommand({ Bucket: this.options.bucket, Key: this.options.key, Body: body, ContentType: 'application/json' }),
      );
    } catch (error) {
      throw new JournalError(`write ${this.location}`, { cause: error });
    }
  }
}
