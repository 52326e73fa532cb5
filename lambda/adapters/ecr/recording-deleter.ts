/**
 * The deleter of plan mode (dry run): it says what it would delete and calls nothing (it holds no client). Plan mode
 * swaps it in for EcrDeleter; deletion code has no dry-run branch of its own.
 */
import type { DeletionOutcome } from '../../core/outcome';
import type { Deletion } from '../../core/plan';
import type { Deleter } from '../../ports';

export class RecordingDeleter implements Deleter {
  async delete(deletions: readonly Deletion[]): Promise<DeletionOutcome> {
    return { kind: 'recorded', wouldDelete: [...deletions] };
  }
}
