/**
 * The AWS Batch live source: every ACTIVE job definition can be submitted at any time, so every image it names
 * is live. INACTIVE (deregistered) definitions cannot start new jobs, but jobs already queued with one still start:
 * every queued job's images are live too (queued-jobs.ts).
 */
import { type BatchClient, paginateDescribeJobDefinitions } from '@aws-sdk/client-batch';
import type { LiveReference } from '../../core/model';
import type { LiveSource } from '../../ports';
import { jobDefinitionImages } from './job-definition-images';
import { LiveSourceError } from '../common/errors';
import { queuedJobReferences } from './queued-jobs';

/** DescribeJobDefinitions accepts maxResults 1..100. */
const PAGE_SIZE = 100;

export interface BatchLiveSourceOptions {
  readonly client: BatchClient;
}

export class BatchLiveSource implements LiveSource<'batch'> {
  readonly name = 'batch' as const;

  constructor(private readonly options: BatchLiveSourceOptions) {}

  async collect(): Promise<readonly LiveReference[]> {
    const references: LiveReference[] = [];
    try {
      const pages = paginateDescribeJobDefinitions({ client: this.options.client, pageSize: PAGE_SIZE }, { status: 'ACTIVE' });
      for await (const page of pages) {
        for (const definition of page.jobDefinitions ?? []) {
          const location = `batch job-definition/${definition.jobDefinitionName}:${definition.revision}`;
          for (const image of jobDefinitionImages(definition)) references.push({ source: 'batch', location, image });
        }
      }
    } catch (error) {
      throw new LiveSourceError('batch', 'DescribeJobDefinitions (status ACTIVE)', { cause: error });
    }
    references.push(...await queuedJobReferences(this.options.client));
    return references;
  }
}
