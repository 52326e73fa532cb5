/**
 * The deleter of plan mode (dry run): it records what would be deleted and reports it as deleted, calling nothing.
 * Plan mode swaps this in for EcrDeleter; deletion code has no dry-run branch of its own.
 */
import { appendAll } from '../../core/arrays';
import type { Deleter, DeletionOutcome, DeletionRequest } from '../../ports';

export class RecordingDeleter implements Deleter {
  private readonly requests: DeletionRequest[] = [];

  /** Every request received, in order, across calls. */
  get recorded(): readonly DeletionRequest[] {
    return this.requests;
  }

  async delete(requests: readonly DeletionRequest[]): Promise<DeletionOutcome> {
    appendAll(this.requests, requests);
    return { deleted: [...requests], skipped: [], failed: [] };
  }
}
