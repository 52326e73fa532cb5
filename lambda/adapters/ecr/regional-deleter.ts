/**
 * Deletes in every region a plan touches: each region's deletions go to that region's deleter, in the plan's order
 * (a parent and its attachments are always in one region: a region is its own registry). Regions run concurrently,
 * since each has its own quotas; the outcomes are merged, each skip and failure naming its region.
 */
import { appendAll, push } from '../../core/arrays';
import type { DeletionFailure, DeletionOutcome, DeletionSkip } from '../../core/outcome';
import type { Deletion } from '../../core/plan';
import type { Deleter } from '../../ports';

export class RegionalDeleter implements Deleter {
  constructor(private readonly deleterIn: (region: string) => Deleter) {}

  async delete(deletions: readonly Deletion[]): Promise<DeletionOutcome> {
    const byRegion = new Map<string, Deletion[]>();
    for (const deletion of deletions) push(byRegion, deletion.region, deletion);
    const outcomes = await Promise.all([...byRegion].map(async ([region, list]) => ({ region, outcome: await this.deleterIn(region).delete(list) })));
    const deleted: Deletion[] = [];
    const skipped: DeletionSkip[] = [];
    const failed: DeletionFailure[] = [];
    for (const { region, outcome } of outcomes) {
      if (outcome.kind !== 'performed') throw new Error(`the deleter for ${region} did not delete (it answered ${outcome.kind})`);
      appendAll(deleted, outcome.deleted);
      appendAll(skipped, outcome.skipped.map((skip) => ({ ...skip, region })));
      appendAll(failed, outcome.failed.map((failure) => ({ ...failure, region })));
    }
    return { kind: 'performed', deleted, skipped, failed };
  }
}
