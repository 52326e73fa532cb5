/**
 * End to end, across accounts: a registry account with no workloads, a dev account (ECS, another region) and a prod
 * account (EKS CronJob) pulling its images, each running its own deployment's pipeline against the multi-account
 * emulator, exchanging exports through one bucket with the stack's policy.
 */
import { startCentralRegistry, DEV, EXCHANGE_BUCKET, PROD, REGISTRY, topicOf, HOME, webBuild, type CentralRegistry } from '../../demo/central-registry';
import { digest } from '../../demo/sample-account';
import { S3ExchangeStore } from '../../lambda/adapters/s3/exchange-store';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { exportOf } from '../../lambda/core/exchange';

const NOW = Date.UTC(2026, 11, 1, 6, 0, 0);
const HOUR = 3_600_000;
let estate: CentralRegistry;

beforeEach(async () => {
  estate = await startCentralRegistry(NOW);
});
afterEach(() => estate.close());

const web = (n: number) => `shop/web@${digest(`web-${n}`)}`;
const lastEmail = (accountId: string) => estate.model(accountId).sns.published.filter((m) => m.topicArn === topicOf(accountId, HOME)).at(-1);
const exportBody = (id: string) => estate.aws.account.s3?.buckets[EXCHANGE_BUCKET]?.[`live/${id}.json`]?.body;

describe('a central registry', () => {
  it('keeps the images the workload accounts pull, and deletes only what nobody pulls', async () => {
    expect((await estate.runAccount(DEV)).exported).toMatchObject({ key: `live/${DEV}.json`, complete: true, references: 2 });
    expect((await estate.runAccount(PROD)).exported).toMatchObject({ key: `live/${PROD}.json`, complete: true, references: 1 });
    const report = await estate.runAccount(REGISTRY);
    expect(report.outcome).toBe('deleted');
    expect([...estate.registryImages()].sort()).toEqual([web(2), web(3), web(5)].sort());
    expect(report.live.map((l) => l.reference.location).sort()).toEqual([
      `account/${DEV} ecs cluster/dev service/web deployment/ecs-svc/1 task-definition/web:7 container/web`,
      `account/${DEV} ecs task-definition/web:7 (newest 5) container/web`,
      `account/${PROD} eks cluster/prod-eks namespace/shop cronjob/nightly-export container/export`,
    ]);
    expect(report.oldestExport).toEqual({ id: expect.stringMatching(/^(222222222222|333333333333)$/), collectedAt: NOW });
    expect(lastEmail(REGISTRY)?.message).toContain('3 from other accounts\' exports; the oldest export relied on');
  });

  it('without the exports, a registry that runs no workload would delete them: the exchange is what keeps them', async () => {
    const model = estate.model(REGISTRY);
    model.ssm.parameters = [{ name: '/ecr-retention/config', value: (model.ssm.parameters[0]?.value ?? '').replace(/expect: \[[^\]]*\]/, 'expect: []'), type: 'String' }];
    const report = await estate.runAccount(REGISTRY, { mode: 'plan' });
    expect(report.plan?.deletions.map((d) => `${d.repository}@${d.digest}`).sort()).toEqual([web(1), web(2), web(3), web(4)].sort());
  });

  it.each<[string, () => Promise<void>, string]>([
    ['missing', async () => { await estate.runAccount(PROD); }, 'missing'],
    ['stale', async () => { await estate.runAccount(DEV, { now: NOW - 30 * HOUR }); await estate.runAccount(PROD); }, 'stale'],
    ['malformed', async () => {
      await estate.runAccount(DEV);
      await estate.runAccount(PROD);
      const buckets = estate.aws.account.s3?.buckets[EXCHANGE_BUCKET];
      if (buckets) buckets[`live/${DEV}.json`] = { body: '{"format":"ecr-retention.live-set","version":1,"id":"222' };
    }, 'malformed'],
  ])('deletes nothing when the dev export is %s, and the alert names the account', async (_name, prepare, problem) => {
    await prepare();
    const before = estate.registryImages();
    const report = await estate.runAccount(REGISTRY);
    expect(report.outcome).toBe('blocked');
    expect(report.blockers).toEqual([{ code: 'expected-export', problems: [expect.objectContaining({ id: DEV, problem })] }]);
    expect(estate.registryImages()).toEqual(before);
    expect(lastEmail(REGISTRY)?.subject).toBe('ecr-retention BLOCKED: expected-export');
    expect(lastEmail(REGISTRY)?.message).toContain(`${DEV} ${problem}`);
  });

  it('marks an export incomplete when a source of its run fails, and the registry then deletes nothing', async () => {
    estate.aws.setFaults([{ service: 'ecs', operation: 'ListServices', kind: 'server-error', rate: 1, accountId: DEV }]);
    const dev = await estate.runAccount(DEV);
    estate.aws.setFaults([]);
    expect(dev.exported).toMatchObject({ complete: false });
    expect(JSON.parse(exportBody(DEV) ?? '{}')).toMatchObject({ complete: false, problems: [expect.stringContaining('ecs')] });
    await estate.runAccount(PROD);
    const report = await estate.runAccount(REGISTRY);
    expect(report.blockers).toEqual([{ code: 'expected-export', problems: [expect.objectContaining({ id: DEV, problem: 'incomplete' })] }]);
  });

  it('refuses an account writing another account\'s export: the bucket policy lets each write only its own key', async () => {
    await estate.runAccount(PROD);
    const before = exportBody(PROD);
    const store = new S3ExchangeStore({ client: s3JournalClient(commonClientConfig({ region: 'eu-west-1', endpoint: estate.aws.url, credentials: estate.aws.credentialsFor(DEV), maxAttempts: 1 }), true), bucket: EXCHANGE_BUCKET });
    const forged = exportOf({ id: PROD, accountId: PROD, regions: [HOME], collectedAt: NOW, references: [], problems: [] });
    await expect(store.write(forged)).rejects.toThrow(/AccessDenied/);
    expect(exportBody(PROD)).toBe(before);
  });

  it('blocks when the registry replicates deletions to an account that does not export', async () => {
    estate.model(REGISTRY).ecr.replication = { rules: [{ destinations: [{ region: 'eu-central-1', registryId: '444444444444' }], deleteReplication: { enabled: true } }] };
    await estate.runAccount(DEV);
    await estate.runAccount(PROD);
    const before = estate.registryImages();
    const report = await estate.runAccount(REGISTRY);
    expect(report.blockers).toEqual([{ code: 'replicated-deletes', problems: [expect.objectContaining({ destination: { region: 'eu-central-1', registryId: '444444444444' } })] }]);
    expect(estate.registryImages()).toEqual(before);
    expect(lastEmail(REGISTRY)?.message).toContain('replicates deletions to 444444444444/eu-central-1');
  });

  it('keeps an image that only the copy in a delete-replicating destination is pulled by', async () => {
    // Dev pulls build 4 from the copy the registry replicates to dev's own registry in eu-west-1.
    estate.model(REGISTRY).ecr.replication = { rules: [{ destinations: [{ region: 'eu-west-1', registryId: DEV }], deleteReplication: { enabled: true } }] };
    const dev = estate.model(DEV);
    dev.ecs.taskDefinitions.push({ family: 'worker', revision: 1, status: 'ACTIVE', containerDefinitions: [{ name: 'w', image: `${DEV}.dkr.ecr.eu-west-1.amazonaws.com/shop/web:${webBuild(4, NOW).tags[0]}` }] });
    await estate.runAccount(DEV);
    await estate.runAccount(PROD);
    await estate.runAccount(REGISTRY);
    expect(estate.registryImages()).toEqual(new Set([web(2), web(3), web(4), web(5)]));
  });

  it('honours the export of a cluster outside AWS that it expects, written under its own account\'s prefix, and blocks when it is stale', async () => {
    await estate.runAccount(DEV);
    await estate.runAccount(PROD);
    // What `ecr-retention export --kube-context onprem --id 111111111111-onprem --to s3://…` writes from a CronJob.
    const store = new S3ExchangeStore({ client: s3JournalClient(commonClientConfig({ region: HOME, endpoint: estate.aws.url, credentials: estate.aws.credentialsFor(REGISTRY), maxAttempts: 1 }), true), bucket: EXCHANGE_BUCKET });
    const onprem = (collectedAt: number) => exportOf({ id: `${REGISTRY}-onprem`, regions: [], clusters: ['onprem'], collectedAt, problems: [], references: [
      { source: 'kubernetes', location: 'kubernetes context/onprem namespace/edge deployment/gateway container/gw', image: `${REGISTRY}.dkr.ecr.${HOME}.amazonaws.com/shop/web:${webBuild(4, NOW).tags[0]}` },
    ] });
    const config = estate.model(REGISTRY).ssm.parameters[0];
    if (config) config.value = config.value.replace(`expect: ["${DEV}", "${PROD}"]`, `expect: ["${DEV}", "${PROD}", "${REGISTRY}-onprem"]`);
    await store.write(onprem(NOW - 2 * 86_400_000));
    expect((await estate.runAccount(REGISTRY, { mode: 'plan' })).blockers).toEqual([{ code: 'expected-export', problems: [expect.objectContaining({ id: `${REGISTRY}-onprem`, problem: 'stale' })] }]);
    await store.write(onprem(NOW));
    const report = await estate.runAccount(REGISTRY);
    expect(report.outcome).toBe('deleted');
    expect([...estate.registryImages()].sort()).toEqual([web(2), web(3), web(4), web(5)].sort());
    expect(report.live.map((l) => l.reference.location)).toContain(`export/${REGISTRY}-onprem kubernetes context/onprem namespace/edge deployment/gateway container/gw`);
  });

  it('never reads its own export back: the exchange read skips live/<own id>.json, not the exports written under its prefix', async () => {
    await estate.runAccount(DEV);
    await estate.runAccount(REGISTRY);
    const store = new S3ExchangeStore({ client: s3JournalClient(commonClientConfig({ region: HOME, endpoint: estate.aws.url, credentials: estate.aws.credentialsFor(REGISTRY), maxAttempts: 1 }), true), bucket: EXCHANGE_BUCKET });
    await store.write(exportOf({ id: `${REGISTRY}-onprem`, regions: [], clusters: ['onprem'], collectedAt: NOW, problems: [], references: [] }));
    const ids = async (own?: Promise<string>) => (await store.readAll(own)).map((found) => found.id).sort();
    expect(await ids()).toEqual([DEV, REGISTRY, `${REGISTRY}-onprem`].sort());
    expect(await ids(Promise.resolve(REGISTRY))).toEqual([DEV, `${REGISTRY}-onprem`].sort());
    // An id that cannot be learnt skips nothing (decide leaves the own export out all the same).
    expect(await ids(Promise.reject(new Error('no STS')))).toEqual([DEV, REGISTRY, `${REGISTRY}-onprem`].sort());
  });
});
