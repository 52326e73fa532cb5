/**
 * decide() over several regions and accounts: a reference resolves against the registry it names, whichever region;
 * other accounts' exports only add live references; an expected export that cannot be relied on, an unreadable region
 * and a replicated delete to an unseen destination each block every deletion.
 */
import fc from 'fast-check';
import { decide } from '../../../lambda/core/decide';
import { exportOf } from '../../../lambda/core/exchange';
import type { ImageRecord, LiveReference, ReplicationRule } from '../../../lambda/core/model';
import type { CollectedAccount, CollectedExchange, CollectedRegion, LiveSetExport } from '../../../lambda/core/collected';
import type { RetentionConfig } from '../../../lambda/core/policy';
import { DAY, HOUR, NOW, digestOf, image, policy } from '../../support/core-builders';

const REGISTRY = '111111111111';
const WORKLOAD = '222222222222';
const host = (account: string, region: string) => `${account}.dkr.ecr.${region}.amazonaws.com`;

const old = (tag: string, repository = 'app') => image({ repository, digest: digestOf(`${repository}:${tag}`), tags: [tag], pushedAt: NOW - 30 * DAY });

function region(name: string, images: ImageRecord[], extra: Partial<CollectedRegion> = {}, replication?: ReplicationRule[]): CollectedRegion {
  const repositories = [...new Set(images.map((i) => i.repository))].map((repository) => ({ name: repository, registryId: REGISTRY }));
  return {
    inventory: { accountId: REGISTRY, region: name, repositories, images, registryHosts: [host(REGISTRY, name)], ...(replication ? { replication } : {}) },
    references: [], failedSources: [], sources: ['ecs'], ...extra,
  };
}

function account(regions: CollectedRegion[], extra: Partial<CollectedAccount> = {}): CollectedAccount {
  return { accountId: REGISTRY, homeRegion: regions[0]?.inventory.region ?? 'us-east-1', regions, unreadableRegions: [], journal: [], ...extra };
}

const ref = (image: string, location = 'ecs cluster/prod service/web', extra: Partial<LiveReference> = {}): LiveReference => ({ source: 'ecs', location, image, ...extra });

function workloadExport(references: LiveReference[], collectedAt = NOW - HOUR, problems: string[] = []): LiveSetExport {
  return exportOf({ id: WORKLOAD, accountId: WORKLOAD, regions: ['eu-west-1'], collectedAt, references, problems });
}

function exchange(imports: CollectedExchange['imports'], expect = [WORKLOAD], extra: Partial<CollectedExchange> = {}): CollectedExchange {
  return { bucket: 'org-live', expect, maxAgeMs: DAY, imports, ...extra };
}

const CONFIG: RetentionConfig = {
  settings: { mode: 'delete', gracePeriodMs: DAY, maxDeletionsPerRun: 1000, live: { lambda: false, batch: false }, notify: { email: 'changes' } },
  policies: [policy({ unmatched: 'expire' })],
};

const deleted = (collected: CollectedAccount) => decide(collected, CONFIG, 'delete', NOW).plan.deletions.map((d) => `${d.region} ${d.repository}:${d.digest === digestOf('app:v1') ? 'v1' : d.digest === digestOf('app:v2') ? 'v2' : d.digest}`);

describe('decide over several regions', () => {
  it('keeps an image pulled only from another region, and deletes its unreferenced twin there', () => {
    const east = region('us-east-1', [old('v1'), old('v2')]);
    const west = region('eu-west-1', [old('v1')], { references: [ref(`${host(REGISTRY, 'us-east-1')}/app:v1`, 'ecs cluster/eu service/api', { region: 'eu-west-1' })] });
    const decided = decide(account([east, west]), CONFIG, 'delete', NOW);
    expect(decided.plan.deletions.map((d) => [d.region, d.digest])).toEqual([['us-east-1', digestOf('app:v2')], ['eu-west-1', digestOf('app:v1')]]);
    expect(decided.resolved.live).toEqual([expect.objectContaining({ region: 'us-east-1', repository: 'app', digest: digestOf('app:v1') })]);
    expect(decided.verdict).toEqual({ action: 'delete' });
  });

  it('reports a reference to a missing image in the region it names', () => {
    const decided = decide(account([region('us-east-1', [old('v1')]), region('eu-west-1', [], { references: [ref(`${host(REGISTRY, 'us-east-1')}/app:v9`)] })]), CONFIG, 'delete', NOW);
    expect(decided.resolved.missing).toEqual([expect.objectContaining({ region: 'us-east-1', repository: 'app', tag: 'v9' })]);
  });

  it('blocks every region when one cannot be read, and names it', () => {
    const decided = decide(account([region('us-east-1', [old('v2')])], { unreadableRegions: [{ region: 'eu-west-1', message: 'AccessDenied' }] }), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'blocked', blockers: [{ code: 'unreadable-region', regions: [{ region: 'eu-west-1', message: 'AccessDenied' }] }] });
  });

  it('names the region of each failed source once several are covered', () => {
    const failing = region('eu-west-1', [], { failedSources: [{ source: 'eks', message: 'cluster prod: 403', region: 'eu-west-1' }] });
    const decided = decide(account([region('us-east-1', [old('v2')]), failing]), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'blocked', blockers: [{ code: 'incomplete-live-set', sources: ['eu-west-1: cluster prod: 403'] }] });
  });

  it('writes each collected region its own state, its journal holding only its own entries', () => {
    const child = image({ repository: 'app', digest: digestOf('child') });
    const index = image({ repository: 'app', digest: digestOf('index'), tags: ['old'], childDigests: [child.digest] });
    const decided = decide(account([region('us-east-1', [index, child]), region('eu-west-1', [old('v2')])]), CONFIG, 'delete', NOW);
    expect(decided.states.map((state) => [state.region, state.journal])).toEqual([
      ['us-east-1', [{ region: 'us-east-1', repository: 'app', digest: child.digest, parent: index.digest }]],
      ['eu-west-1', []],
    ]);
  });
});

describe('decide with exports from other accounts', () => {
  const registry = () => region('us-east-1', [old('v1'), old('v2')]);
  const pullsV1 = ref(`${host(REGISTRY, 'us-east-1')}/app:v1`, 'ecs cluster/prod service/web', { region: 'eu-west-1' });

  it('keeps what a workload account pulls, naming the account in the location, and relies on its export', () => {
    const decided = decide(account([registry()], { exchange: exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([pullsV1]) }]) }), CONFIG, 'delete', NOW);
    expect(decided.plan.deletions.map((d) => d.digest)).toEqual([digestOf('app:v2')]);
    expect(decided.resolved.live[0]?.reference.location).toBe(`account/${WORKLOAD} ecs cluster/prod service/web`);
    expect(decided.exchange.reliedOn).toEqual([{ id: WORKLOAD, collectedAt: NOW - HOUR }]);
    expect(decided.verdict).toEqual({ action: 'delete' });
  });

  it.each<[string, CollectedExchange, string]>([
    ['missing', exchange([]), 'missing'],
    ['stale', exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([pullsV1], NOW - 2 * DAY) }]), 'stale'],
    ['dated in the future (its age cannot be judged)', exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([pullsV1], NOW + HOUR) }]), 'stale'],
    ['incomplete', exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([pullsV1], NOW - HOUR, ['eks: cluster prod: 403']) }]), 'incomplete'],
    ['malformed', exchange([{ id: WORKLOAD, kind: 'unusable', problem: 'malformed', message: 'not JSON' }]), 'malformed'],
    ['of an unknown version', exchange([{ id: WORKLOAD, kind: 'unusable', problem: 'unknown-version', message: 'version 2' }]), 'unknown-version'],
    ['too large', exchange([{ id: WORKLOAD, kind: 'unusable', problem: 'too-large', message: 'over the limit' }]), 'too-large'],
    ['unlisted (the bucket cannot be listed)', exchange([], [WORKLOAD], { listError: 'AccessDenied' }), 'unreadable'],
  ])('blocks every deletion when the expected export is %s, naming the account', (_name, found, problem) => {
    const decided = decide(account([registry()], { exchange: found }), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'blocked', blockers: [{ code: 'expected-export', problems: [expect.objectContaining({ id: WORKLOAD, problem })] }] });
  });

  it('still honours the references of an expected export it cannot rely on: they only keep images', () => {
    const stale = exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([pullsV1], NOW - 2 * DAY) }]);
    expect(decide(account([registry()], { exchange: stale }), CONFIG, 'plan', NOW).plan.deletions.map((d) => d.digest)).toEqual([digestOf('app:v2')]);
  });

  it('honours and reports an export nobody expects, without blocking', () => {
    const decided = decide(account([registry()], { exchange: exchange([{ id: '333333333333', kind: 'read', document: { ...workloadExport([pullsV1]), id: '333333333333' } }], []) }), CONFIG, 'delete', NOW);
    expect(decided.plan.deletions.map((d) => d.digest)).toEqual([digestOf('app:v2')]);
    expect(decided.exchange.notes).toEqual([{ source: 'exchange', message: expect.stringContaining('333333333333 is not in settings.exchange.expect') }]);
    expect(decided.verdict).toEqual({ action: 'delete' });
  });

  it('blocks when the exchange bucket cannot be listed even with nothing expected: the exports it holds are unknown', () => {
    const decided = decide(account([registry()], { exchange: exchange([], [], { listError: 'AccessDenied' }) }), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'blocked', blockers: [{ code: 'expected-export', problems: [{ id: 'org-live', problem: 'unreadable', message: 'the exchange bucket org-live could not be listed: AccessDenied' }] }] });
  });

  it('never counts its own export as an import, even when expect lists it', () => {
    const own = { id: REGISTRY, kind: 'read' as const, document: { ...workloadExport([pullsV1]), id: REGISTRY } };
    const decided = decide(account([registry()], { exchange: exchange([own], [REGISTRY]) }), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'delete' });
    expect(decided.plan.deletions).toHaveLength(2);
  });

  it('property: an export can only keep more, never delete more', () => {
    const images = [old('v1'), old('v2'), old('v3'), old('v4')];
    fc.assert(fc.property(fc.subarray(['v1', 'v2', 'v3', 'v4', 'v9']), fc.subarray(['v1', 'v2', 'v3', 'v4']), (imported, own) => {
      const ownRefs = own.map((tag) => ref(`${host(REGISTRY, 'us-east-1')}/app:${tag}`));
      const base = account([region('us-east-1', images, { references: ownRefs })]);
      const withExport = { ...base, exchange: exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport(imported.map((tag) => ref(`${host(REGISTRY, 'us-east-1')}/app:${tag}`))) }]) };
      const before = new Set(deleted(base));
      const after = deleted(withExport);
      expect(after.every((d) => before.has(d))).toBe(true);
      expect(after).toHaveLength(before.size - imported.filter((tag) => tag !== 'v9' && !own.includes(tag)).length);
    }));
  });
});

describe('decide with replicated deletes', () => {
  const replicating = (destinations: { region: string; registryId: string }[], prefixes: string[] = []): ReplicationRule[] => [{ destinations, repositoryPrefixes: prefixes, deletesReplicated: true }];

  it('counts a pull of the copy in a destination account as a pull of the source image', () => {
    const source = region('us-east-1', [old('v1'), old('v2')], {}, replicating([{ region: 'eu-west-1', registryId: WORKLOAD }]));
    const copy = ref(`${host(WORKLOAD, 'eu-west-1')}/app:v1`);
    const decided = decide(account([source], { exchange: exchange([{ id: WORKLOAD, kind: 'read', document: workloadExport([copy]) }]) }), CONFIG, 'delete', NOW);
    expect(decided.plan.deletions.map((d) => d.digest)).toEqual([digestOf('app:v2')]);
    expect(decided.resolved.live[0]?.reference.location).toContain('pulls a copy that deletions in us-east-1 replicate to');
    expect(decided.verdict).toEqual({ action: 'delete' });
  });

  it('counts a pull of the copy in another covered region of this account', () => {
    const source = region('us-east-1', [old('v1'), old('v2')], {}, replicating([{ region: 'eu-west-1', registryId: REGISTRY }]));
    const destination = region('eu-west-1', [old('v1'), old('v2')], { references: [ref(`${host(REGISTRY, 'eu-west-1')}/app:v1`)] });
    expect(deleted(account([source, destination]))).toEqual(['us-east-1 app:v2', 'eu-west-1 app:v2']);
  });

  it.each<[string, { region: string; registryId: string }, string]>([
    ['an account that does not export', { region: 'eu-west-1', registryId: '444444444444' }, 'not in settings.exchange.expect'],
    ['a region it does not cover', { region: 'ap-south-1', registryId: REGISTRY }, 'a region settings.regions does not cover'],
  ])('blocks when deletions replicate to %s', (_name, destination, message) => {
    const decided = decide(account([region('us-east-1', [old('v2')], {}, replicating([destination]))]), CONFIG, 'delete', NOW);
    expect(decided.verdict).toEqual({ action: 'blocked', blockers: [{ code: 'replicated-deletes', problems: [expect.objectContaining({ message: expect.stringContaining(message) })] }] });
  });

  it('does not block for a rule that replicates copies only, or only repositories no policy governs', () => {
    const copiesOnly: ReplicationRule[] = [{ destinations: [{ region: 'eu-west-1', registryId: '444444444444' }], repositoryPrefixes: [], deletesReplicated: false }];
    expect(decide(account([region('us-east-1', [old('v2')], {}, copiesOnly)]), CONFIG, 'delete', NOW).verdict).toEqual({ action: 'delete' });
    const otherRepositories = replicating([{ region: 'eu-west-1', registryId: '444444444444' }], ['mirror/']);
    expect(decide(account([region('us-east-1', [old('v2')], {}, otherRepositories)]), CONFIG, 'delete', NOW).verdict).toEqual({ action: 'delete' });
  });
});
