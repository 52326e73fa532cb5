/**
 * run(): collect → decide → act → report, with in-memory adapters. The report and the email state what the act step
 * did: after a deleting run in which some deletions were skipped or failed, only what was deleted is counted.
 */
import { RecordingDeleter } from '../../lambda/adapters/ecr/recording-deleter';
import type { Deletion } from '../../lambda/core/plan';
import type { Deleter, Notifier } from '../../lambda/ports';
import { run, type RunDependencies } from '../../lambda/run';
import { DAY, NOW, digestOf, image, inventory } from '../support/core-builders';
import { collectSources, fakeSources } from '../support/fake-sources';

const images = ['a', 'b', 'c'].map((name, i) => image({ repository: 'shop/api', digest: digestOf(name), tags: [`build-${name}`], sizeBytes: (i + 1) * 1024 * 1024 }));
const SETTINGS = (mode: string) => `settings: { mode: ${mode}, live: { lambda: true, batch: false } }\npolicies:\n  - { name: shop, repositories: ['shop/**'], unmatched: expire }\n`;

/** Deletes a (1 MB), skips b (re-tagged), fails c. */
const partialDeleter: Deleter = {
  delete: async (deletions: readonly Deletion[]) => {
    const find = (name: string) => deletions.find((d) => d.digest === digestOf(name)) as Deletion;
    const [first, second, third] = [find('a'), find('b'), find('c')];
    return {
      kind: 'performed',
      deleted: [first],
      skipped: [{ repository: second.repository, digest: second.digest, sizeBytes: second.sizeBytes, reason: 'tags changed since planning: planned [build-b], now [build-b, prd]' }],
      failed: [{ repository: third.repository, digest: third.digest, sizeBytes: third.sizeBytes, code: 'InternalFailure', message: 'try again' }],
    };
  },
};

function dependencies(mode: string, published: { subject: string; body: string }[], deleter: Deleter = partialDeleter): RunDependencies {
  const notifier: Notifier = { publish: async (message) => void published.push(message) };
  return {
    ...collectSources(inventory(images), fakeSources({ ecs: async () => [], eks: async () => [], lambda: async () => [] })),
    config: { load: async () => [{ name: '/ecr-retention/config', text: SETTINGS(mode) }] },
    deleter, recorder: new RecordingDeleter(), notifier, clock: () => NOW + 30 * DAY, runId: 'run-1',
  };
}

describe('run', () => {
  it('after a deleting run, reports and emails what was deleted, skipped and failed, not what was planned', async () => {
    const published: { subject: string; body: string }[] = [];
    const report = await run(dependencies('delete', published));
    expect(report.outcome).toBe('deleted');
    expect(report.plan?.deletions).toHaveLength(3);
    const [email] = published;
    expect(email?.subject).toBe('ecr-retention deleted 1 images (1.0 MB), 1 failed');
    expect(email?.body).toContain('Deleted, per repository\n  shop/api: 1 of 3 images, 1.0 MB (policy shop)\n');
    expect(email?.body).toContain(`SKIPPED: shop/api@${digestOf('b').slice(7, 19)}: tags changed since planning`);
    expect(email?.body).toContain(`DELETE FAILED: shop/api@${digestOf('c').slice(7, 19)}: InternalFailure: try again`);
  });

  it('in plan mode, the recorder says what would be deleted, and the email says would', async () => {
    const published: { subject: string; body: string }[] = [];
    const refusing: Deleter = { delete: async () => Promise.reject(new Error('plan mode reached the real deleter')) };
    const report = await run(dependencies('plan', published, refusing));
    expect(report.outcome).toBe('planned');
    expect(report.deletion).toEqual({ kind: 'recorded', wouldDelete: report.plan?.deletions });
    expect(published[0]?.subject).toBe('ecr-retention plan: would delete 3 images (6.0 MB)');
    expect(published[0]?.body).toContain('Would delete, per repository\n  shop/api: 3 of 3 images, 6.0 MB (policy shop)\n');
    expect(published[0]?.body).toContain('NOTE: mode is plan (dry run): nothing was deleted');
  });

  it('charts what it deleted per region and repository, the largest 20 each with a series and the rest as one', async () => {
    const many = Array.from({ length: 23 }, (_, i) => image({ repository: `shop/r${String(i).padStart(2, '0')}`, digest: digestOf(`m${i}`), tags: ['x'], sizeBytes: (i + 1) * 1000 }));
    const metrics: { name: string; value: number; dimensions?: Readonly<Record<string, string>> }[] = [];
    const telemetry = { info: () => undefined, warn: () => undefined, error: () => undefined, metric: (name: string, _unit: string, value: number, dimensions?: Readonly<Record<string, string>>) => void metrics.push({ name, value, ...(dimensions ? { dimensions } : {}) }) };
    const deps = { ...dependencies('delete', []), ...collectSources(inventory(many), fakeSources({ ecs: async () => [], eks: async () => [], lambda: async () => [] }), telemetry), deleter: everything };
    await run(deps);
    const bytes = metrics.filter((m) => m.name === 'BytesReclaimed');
    expect(bytes[0]).toEqual({ name: 'BytesReclaimed', value: many.reduce((sum, i) => sum + i.sizeBytes, 0) });
    const perRepository = bytes.slice(1);
    expect(perRepository).toHaveLength(21);
    expect(perRepository[0]).toEqual({ name: 'BytesReclaimed', value: 23_000, dimensions: { Region: 'us-east-1', Repository: 'shop/r22' } });
    expect(perRepository.at(-1)).toEqual({ name: 'BytesReclaimed', value: 1000 + 2000 + 3000, dimensions: { Region: 'all', Repository: '(other)' } });
  });
});

/** Deletes everything it is asked to. */
const everything: Deleter = { delete: async (deletions) => ({ kind: 'performed', deleted: [...deletions], skipped: [], failed: [] }) };
