/** The collect step: each live source receives only its own settings, and one the settings leave out is not read. */
import { collectAccount } from '../../lambda/collect';
import type { LiveSourceName } from '../../lambda/core/model';
import type { LiveSettings } from '../../lambda/core/policy';
import { collectSources, fakeSources } from '../support/fake-sources';
import { inventory } from '../support/core-builders';

const ECS = { clusters: ['prod'], keepTaskDefinitionRevisions: 3 };
const EKS = { clusters: ['*'] };

describe('collect', () => {
  it.each<[string, LiveSettings, [LiveSourceName, unknown][]]>([
    ['every source', { ecs: ECS, eks: EKS, lambda: true, batch: true }, [['ecs', ECS], ['eks', EKS], ['lambda', {}], ['batch', {}]]],
    ['ECS only', { ecs: ECS, lambda: false, batch: false }, [['ecs', ECS]]],
    ['EKS only', { eks: EKS, lambda: false, batch: false }, [['eks', EKS]]],
    ['Lambda only', { lambda: true, batch: false }, [['lambda', {}]]],
    ['Batch only', { lambda: false, batch: true }, [['batch', {}]]],
    ['no source', { lambda: false, batch: false }, []],
  ])('with %s enabled, reads exactly those, each with its own settings', async (_name, live, expected) => {
    const calls: { name: LiveSourceName; settings: unknown }[] = [];
    const answer = async () => [];
    const sources = fakeSources({ ecs: answer, eks: answer, lambda: answer, batch: answer }, calls);
    const [collected] = (await collectAccount(collectSources(inventory([]), sources), { live })).regions;
    expect(calls.map((call) => [call.name, call.settings]).sort()).toEqual([...expected].sort());
    expect([...(collected?.sources ?? [])].sort()).toEqual(expected.map(([name]) => name).sort());
  });

  it('records a failing source instead of throwing, and keeps what the others found', async () => {
    const sources = fakeSources({
      ecs: async () => [{ source: 'ecs', location: 'ecs cluster/prod task/1', image: 'r@sha256:1' }],
      eks: async () => Promise.reject(new Error('cluster prod: 403')),
    });
    const [collected] = (await collectAccount(collectSources(inventory([]), sources), { live: { ecs: ECS, eks: EKS, lambda: false, batch: false } })).regions;
    expect(collected?.references).toHaveLength(1);
    expect(collected?.references[0]?.region).toBe('us-east-1');
    expect(collected?.failedSources).toEqual([{ source: 'eks', message: 'cluster prod: 403', region: 'us-east-1' }]);
  });

  it('gathers what the sources note, and goes on', async () => {
    const sources = fakeSources({
      ecs: async (_settings, note) => {
        note?.({ source: 'ecs', message: 'rule r targets task definition td:1, which can no longer run' });
        return [];
      },
    });
    const [collected] = (await collectAccount(collectSources(inventory([]), sources), { live: { ecs: ECS, lambda: false, batch: false } })).regions;
    expect(collected?.notes).toEqual([{ source: 'ecs', message: 'rule r targets task definition td:1, which can no longer run', region: 'us-east-1' }]);
    expect(collected?.failedSources).toEqual([]);
  });

  it('keeps a region readable when the report-only lifecycle-policy check throws, and says why it stopped', async () => {
    const answer = async () => [];
    const sources = { ...collectSources(inventory([]), fakeSources({ ecs: answer, eks: answer, lambda: answer, batch: answer }, [])), homeRegion: 'us-east-1' };
    const broken = { ...sources, lifecyclePolicies: { check: async () => { throw new Error('checker bug'); } } };
    const collected = await collectAccount(broken, { live: { lambda: false, batch: false } }, [{ governs: () => true }]);
    expect(collected.unreadableRegions).toEqual([]);
    expect(collected.regions[0]?.lifecyclePolicies).toEqual({ answers: [], error: 'checker bug' });
  });
});
