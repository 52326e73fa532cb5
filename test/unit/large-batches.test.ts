/**
 * Accounts decide how many references, deletions and images there are: nothing may spread them into a call's
 * arguments (Array.push(...items) overflows the stack past ~110,000 items).
 */
import { RecordingDeleter } from '../../lambda/adapters/ecr/recording-deleter';
import { collectAccount } from '../../lambda/collect';
import type { LiveReference } from '../../lambda/core/model';
import { plan } from '../../lambda/core/planner';
import { DAY, NOW, inventory, image, policy } from '../support/core-builders';
import { collectSources, fakeSources } from '../support/fake-sources';

const MANY = 200_000;

describe('large batches', () => {
  it('collects 200,000 references from one live source', async () => {
    const references: LiveReference[] = Array.from({ length: MANY }, (_, i) => ({ source: 'eks', location: `pod/${i}`, image: `r@sha256:${i}` }));
    const sources = fakeSources({ eks: async () => references });
    const account = await collectAccount(collectSources(inventory([]), sources), { live: { eks: { clusters: ['*'] }, lambda: false, batch: false } });
    expect(account.regions[0]?.references).toHaveLength(MANY);
  });

  it('records 200,000 deletions in plan mode', async () => {
    const deletions = Array.from({ length: MANY }, (_, i) => ({ region: 'us-east-1', repository: 'r', digest: `sha256:${i}`, expectedTags: [], wave: 0, follows: [], sizeBytes: 1 }));
    const outcome = await new RecordingDeleter().delete(deletions);
    expect(outcome.kind === 'recorded' ? outcome.wouldDelete : []).toHaveLength(MANY);
  });

  it('plans 200,000 deletions in one repository', () => {
    const images = Array.from({ length: MANY }, (_, i) => image({ digest: `sha256:${i.toString(16).padStart(64, '0')}`, pushedAt: NOW - 10 * DAY }));
    const result = plan({ inventory: inventory(images), live: [], policies: [policy({ untagged: { kind: 'expire' } })], gracePeriodMs: DAY, now: NOW });
    expect(result.deletions).toHaveLength(MANY);
  });
});
