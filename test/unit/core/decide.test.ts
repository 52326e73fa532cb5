/** decide(): collected data, config, mode and now in; the resolved live set, the plan, the verdict and the journal out. */
import { decide } from '../../../lambda/core/decide';
import type { ImageRecord, JournalEntry } from '../../../lambda/core/model';
import type { CollectedAccount, CollectedRegion } from '../../../lambda/core/collected';
import type { RetentionConfig } from '../../../lambda/core/policy';
import { DAY, NOW, collectedAccount, digestOf, image, inventory, policy } from '../../support/core-builders';

const child = image({ digest: digestOf('child') });
const index = image({ digest: digestOf('index'), tags: ['old'], childDigests: [child.digest] });
const running = image({ digest: digestOf('running'), tags: ['v2'] });
const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function collected(images: ImageRecord[], extra: Partial<CollectedRegion> & Pick<Partial<CollectedAccount>, 'journal'> = {}): CollectedAccount {
  const { journal, ...region } = extra;
  return collectedAccount({ inventory: inventory(images), references: [{ source: 'ecs', location: 'ecs cluster/prod service/web', image: `${HOST}/app:v2` }], failedSources: [], sources: ['ecs'], ...region }, journal ? { journal } : {});
}

function config(maxDeletionsPerRun = 1000): RetentionConfig {
  return {
    settings: { mode: 'plan', gracePeriodMs: DAY, maxDeletionsPerRun, live: { lambda: false, batch: false }, notify: { email: 'changes' } },
    policies: [policy({ unmatched: 'expire' })],
  };
}

describe('decide', () => {
  it('resolves the live set, plans, and in delete mode says delete, with the state (and its journal) to write first', () => {
    const decided = decide(collected([index, child, running]), config(), 'delete', NOW);
    expect(decided.resolved.live.map((l) => l.digest)).toEqual([running.digest]);
    expect(decided.plan.deletions.map((d) => d.digest)).toEqual([index.digest, child.digest]);
    expect(decided.verdict).toEqual({ action: 'delete' });
    expect(decided.states.map((state) => state.journal)).toEqual([[{ region: 'us-east-1', repository: 'app', digest: child.digest, parent: index.digest }]]);
  });

  it('in plan mode says record, and keeps the journal as it was', () => {
    const journal: JournalEntry[] = [{ region: 'us-east-1', repository: 'gone', digest: child.digest, parent: index.digest }];
    const decided = decide(collected([index, child, running], { journal }), config(), 'plan', NOW);
    expect(decided.verdict).toEqual({ action: 'record' });
    expect(decided.states[0]?.journal).toEqual(journal);
  });

  it.each<[string, Partial<CollectedRegion>, number, string[]]>([
    ['an incomplete live set', { failedSources: [{ source: 'eks', message: 'eks: cluster prod: 403' }] }, 1000, ['incomplete-live-set']],
    ['a plan over the cap', {}, 1, ['over-cap']],
    ['both at once', { failedSources: [{ source: 'eks', message: 'eks: cluster prod: 403' }] }, 1, ['incomplete-live-set', 'over-cap']],
  ])('blocks on %s, in either mode, with every blocker', (_name, extra, cap, codes) => {
    for (const mode of ['plan', 'delete'] as const) {
      const decided = decide(collected([index, child, running], extra), config(cap), mode, NOW);
      expect(decided.verdict.action).toBe('blocked');
      expect(decided.verdict.action === 'blocked' ? decided.verdict.blockers.map((b) => b.code) : []).toEqual(codes);
      expect(decided.states[0]?.journal).toEqual([]);
    }
  });
});
