/**
 * The report page of each run (lambda/report/html), beside the state in the function's bucket: `reports/<run id>.html`,
 * one self-contained HTML object that the email links to. Written after the run, whatever its outcome.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ReportStore } from '../../ports';
import { ReportError } from '../common/errors';
import { lazyS3Client, loadS3, type S3ClientSource } from './lazy-s3';

export const REPORT_PREFIX = 'reports/';

export interface S3ReportStoreOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
  /** Default `reports/`. */
  readonly prefix?: string;
}

export class S3ReportStore implements ReportStore {
  private readonly s3: () => Promise<S3Client>;

  constructor(private readonly options: S3ReportStoreOptions) {
    this.s3 = lazyS3Client(options.client);
  }

  async write(runId: string, html: string): Promise<string> {
    // A run id is a Lambda request id (a UUID) or the CLI's; anything else is made safe for a key.
    const key = `${this.options.prefix ?? REPORT_PREFIX}${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.html`;
    const location = `s3://${this.options.bucket}/${key}`;
    try {
      const [{ PutObjectCommand }, client] = await Promise.all([loadS3(), this.s3()]);
      await client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: html, ContentType: 'text/html; charset=utf-8' }));
    } catch (error) {
      throw new ReportError(`write ${location}`, { cause: error });
    }
    return location;
  }
}
