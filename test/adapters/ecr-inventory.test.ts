/** EcrInventory against the emulated ECR over HTTP, with page sizes of 2 and 3 so that every listing paginates. */
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { Inventory, SourceNote } from '../../lambda/core/model';
import { EcrInventory } from '../../lambda/adapters/ecr/inventory';
import { InventoryError } from '../../lambda/adapters/common/errors';
import { type AccountModel, emptyAccount, type EmuImage, type EmuRepository } from '../../emulator/aws/account';
import type { Fault, Quota } from '../../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { CallerAccount } from '../../lambda/adapters/sts/caller-account';
import {
  ACCOUNT, beforeSending, digestOf, DOCKER_LIST, ecrClient, image, multiArch, REGION, repository, stsClient,
} from './ecr-fixtures';

function sampleRepositories(): EmuRepository[] {
  return [
    repository('web', [
      image('web-1', { tags: ['v1', 'prd'], lastPulledAt: Date.UTC(2026, 1, 1) }),
      image('web-2', { tags: ['v2'], status: 'ARCHIVED' }),
      image('web-3'),
      ...multiArch('web-multi', ['v3'], 3),
      ...multiArch('web-list', [], 2, DOCKER_LIST),
      image('web-sig', { subjectDigest: digestOf('web-1'), artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' }),
    ]),
    repository('team/api', [image('api-1', { tags: ['latest'], status: 'ACTIVATING' })]),
    repository('team/empty', []),
    repository('team/worker', [...multiArch('worker-multi', ['w'], 2, DOCKER_LIST)]),
  ];
}

interface Setup {
  readonly pageSize?: number;
  readonly quotas?: Readonly<Record<string, Quota>>;
  readonly faults?: readonly Fault[];
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
}

describe('EcrInventory', () => {
  let emulator: AwsEmulator | undefined;
  afterEach(() => emulator?.close());

  async function start(repositories: EmuRepository[], setup: Setup = {}): Promise<{ account: AccountModel; inventory: EcrInventory; ecr: ECRClient }> {
    const account = emptyAccount(ACCOUNT, REGION);
    account.ecr.repositories = repositories;
    emulator = await startAwsEmulator({ account, pageSize: setup.pageSize ?? 2, quotas: setup.quotas ?? {}, faults: setup.faults ?? [], seed: 3 });
    const ecr = ecrClient(emulator, { maxAttempts: setup.maxAttempts ?? 6, fixedBackoffMs: setup.backoffMs ?? 2 });
    return { account, ecr, inventory: new EcrInventory({ ecr, account: new CallerAccount(stsClient(emulator)) }, { clock: () => 0 }) };
  }

  /** What a complete inventory of the account must hold, computed from the emulated model itself. */
  function expectComplete(inventory: Inventory, account: AccountModel): void {
    expect(inventory.accountId).toBe(ACCOUNT);
    expect(inventory.region).toBe(REGION);
    expect(inventory.repositories.map((r) => r.name)).toEqual(account.ecr.repositories.map((r) => r.name));
    const expected = account.ecr.repositories.flatMap((r) => r.images.map((i) => ({
      repository: r.name, digest: i.digest, tags: i.tags, status: i.status ?? 'ACTIVE', childDigests: i.childDigests ?? [],
      pushedAt: i.pushedAt, sizeBytes: (i.childDigests ?? []).length > 0 ? 0 : i.sizeBytes, subjectDigest: i.subjectDigest, lastPulledAt: i.lastPulledAt,
    })));
    const actual = inventory.images.map(({ repository: r, digest, tags, status, childDigests, pushedAt, sizeBytes, subjectDigest, lastPulledAt }) =>
      ({ repository: r, digest, tags, status, childDigests, pushedAt, sizeBytes, subjectDigest, lastPulledAt }));
    expect(actual).toEqual(expected);
  }

  it('lists every repository and image, archived and activating ones and index children included', async () => {
    const { account, inventory } = await start(sampleRepositories());
    const result = await inventory.collect();
    expectComplete(result, account);
    const web = result.images.filter((i) => i.repository === 'web');
    expect(web.find((i) => i.digest === digestOf('web-multi'))?.childDigests).toHaveLength(3);
    expect(web.find((i) => i.digest === digestOf('web-list'))?.manifestMediaType).toBe(DOCKER_LIST);
    expect(web.find((i) => i.digest === digestOf('web-sig'))?.subjectDigest).toBe(digestOf('web-1'));
    expect(result.repositories[0]).toEqual({ name: 'web', registryId: ACCOUNT, arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web` });
  });

  it.each([
    ['eu-west-1', `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`],
    ['cn-north-1', `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn`],
    ['eusc-de-east-1', `${ACCOUNT}.dkr.ecr.eusc-de-east-1.amazonaws.eu`],
    ['eu-isoe-west-1', `${ACCOUNT}.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk`],
    ['us-isof-south-1', `${ACCOUNT}.dkr.ecr.us-isof-south-1.csp.hci.ic.gov`],
  ])('carries the registry host its repositoryUri names in %s, and its FIPS form', async (region, host) => {
    const account = emptyAccount(ACCOUNT, region);
    account.ecr.repositories = [repository('web', [image('web-1', { tags: ['v1'] })])];
    emulator = await startAwsEmulator({ account, pageSize: 2, quotas: {}, faults: [], seed: 3 });
    const ecr = ecrClient(emulator, { region });
    const result = await new EcrInventory({ ecr, account: new CallerAccount(stsClient(emulator, { region })) }, { clock: () => 0 }).collect();
    expect(result.region).toBe(region);
    expect(result.registryHosts).toEqual(expect.arrayContaining([host, host.replace('.dkr.ecr.', '.dkr.ecr-fips.')]));
  });

  it.each(['ARCHIVED', 'ACTIVATING'] as const)('does not fail on an %s index: it notes it, and counts every active image of its repository as its member', async (status) => {
    const [member0, member1, index] = multiArch('old-multi', ['v0'], 2) as [EmuImage, EmuImage, EmuImage];
    index.status = status;
    const archivedMember = image('archived-member', { status: 'ARCHIVED' });
    const plain = image('plain', { tags: ['v1'] });
    const { inventory } = await start([repository('web', [member0, member1, archivedMember, index, plain]), repository('api', [image('api-1')])]);
    const notes: SourceNote[] = [];
    const result = await inventory.collect((n) => notes.push(n));
    const record = result.images.find((i) => i.digest === index.digest);
    expect(record?.status).toBe(status);
    expect(record?.childDigests).toEqual([member0.digest, member1.digest, plain.digest]);
    expect(result.images.filter((i) => i.repository === 'api').flatMap((i) => i.childDigests)).toEqual([]);
    expect(notes).toEqual([{ source: 'ecr', message: expect.stringMatching(/^repository web: 1 archived image index\(es\) whose members cannot be read/) }]);
    expect(emulator?.calls.get('ecr.BatchGetImage')).toBeUndefined();
  });

  it('records an index as 0 bytes: its imageSizeInBytes is its largest member, whose bytes the member carries', async () => {
    const { inventory } = await start([repository('web', multiArch('multi', ['v1'], 2))]);
    const result = await inventory.collect();
    expect(result.images.map((i) => [i.childDigests.length, i.sizeBytes])).toEqual([[0, 1000 + 'multi/platform-0'.length], [0, 1000 + 'multi/platform-1'.length], [2, 0]]);
  });

  it('makes exactly 1 STS + 1 DescribeRegistry + ⌈R/p⌉ DescribeRepositories + Σ⌈images/p⌉ DescribeImages + Σ⌈indexes/100⌉ BatchGetImage calls', async () => {
    const p = 3;
    // [plain images, indexes of 2 children] per repository; 205 indexes need three BatchGetImage calls.
    const shapes: [number, number][] = [[1, 0], [4, 1], [7, 0], [0, 205], [9, 3], [2, 100], [0, 101]];
    const repositories = shapes.map(([plain, indexes], r) => repository(`repo-${r}`, [
      ...Array.from({ length: plain }, (_, i) => image(`r${r}-plain-${i}`)),
      ...Array.from({ length: indexes }, (_, i) => multiArch(`r${r}-index-${i}`, [`t${i}`], 2)).flat(),
    ]));
    const { inventory } = await start(repositories, { pageSize: p });
    const started = performance.now();
    await inventory.collect();
    const elapsedMs = performance.now() - started;
    const images = shapes.map(([plain, indexes]) => plain + indexes * 3);
    const expected = {
      'sts.GetCallerIdentity': 1,
      'ecr.DescribeRegistry': 1,
      'ecr.DescribeRepositories': Math.ceil(shapes.length / p),
      'ecr.DescribeImages': images.reduce((sum, n) => sum + Math.ceil(n / p), 0),
      'ecr.BatchGetImage': shapes.reduce((sum, [, indexes]) => sum + Math.ceil(indexes / 100), 0),
    };
    expect(Object.fromEntries(emulator?.calls ?? [])).toEqual(expected);
    // Figures for the report: 7 repositories, 1258 images, 410 indexes.
    console.info(`inventory call counts ${JSON.stringify(expected)} in ${elapsedMs.toFixed(0)} ms`);
  });

  it('is still complete when ECR throttles the listing (quota buckets) and the SDK retries', async () => {
    // 100 calls/s against 4 repositories listed at once: most first attempts are throttled; 30 attempts 10 ms apart
    // leave a call 0.75^30 ≈ 0.02 % chance of running out.
    const quotas = { 'ecr:read': { burst: 2, perSecond: 100 }, 'ecr:batch-get-image': { burst: 1, perSecond: 100 } };
    const { account, inventory } = await start(sampleRepositories(), { quotas, maxAttempts: 30, backoffMs: 10 });
    expectComplete(await inventory.collect(), account);
    expect(emulator?.throttled.get('ecr.DescribeImages')).toBeGreaterThan(0);
  });

  it('is still complete when DescribeImages and BatchGetImage answer 500 now and then', async () => {
    const faults: Fault[] = [
      { service: 'ecr', operation: 'DescribeImages', kind: 'server-error', rate: 0.4 },
      { service: 'ecr', operation: 'BatchGetImage', kind: 'throttle', rate: 0.4 },
    ];
    const { account, inventory } = await start(sampleRepositories(), { faults, maxAttempts: 10 });
    expectComplete(await inventory.collect(), account);
    expect(emulator?.faults.injected.get('ecr.DescribeImages:server-error')).toBeGreaterThan(0);
  });

  it.each([
    ['DescribeImages', 'the images of repository web (DescribeImages)'],
    ['BatchGetImage', 'the index manifests of repository web (BatchGetImage)'],
    ['DescribeRepositories', 'the repositories (DescribeRepositories)'],
  ])('throws InventoryError naming what failed when %s keeps failing', async (operation, what) => {
    const { inventory } = await start([sampleRepositories()[0] as EmuRepository], {
      faults: [{ service: 'ecr', operation, kind: 'server-error', rate: 1 }], maxAttempts: 3,
    });
    const error = await inventory.collect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryError);
    expect(error).toMatchObject({ what, cause: expect.objectContaining({ name: 'InternalFailure' }) });
    expect(emulator?.calls.get(`ecr.${operation}`)).toBe(3);
  });

  it('throws InventoryError when STS cannot tell the account', async () => {
    const { inventory } = await start([], { faults: [{ service: 'sts', kind: 'throttle', rate: 1 }], maxAttempts: 2 });
    await expect(inventory.collect()).rejects.toMatchObject({ name: 'InventoryError', what: 'the account id (STS GetCallerIdentity)' });
  });

  it('fails closed when an index cannot be read by digest (deleted between listing and reading)', async () => {
    const { account, inventory, ecr } = await start(sampleRepositories());
    // Only before web's own read: repositories are listed concurrently, so another's read may come before web is listed.
    beforeSending(ecr, 'BatchGetImageCommand', () => {
      const web = account.ecr.repositories[0] as EmuRepository;
      web.images = web.images.filter((i) => i.digest !== digestOf('web-multi'));
    }, (input) => input.repositoryName === 'web');
    await expect(inventory.collect()).rejects.toThrow(/index manifests of repository web.*ImageNotFound/);
  });

  it('leaves out a repository deleted between DescribeRepositories and DescribeImages', async () => {
    const { account, inventory, ecr } = await start(sampleRepositories());
    beforeSending(ecr, 'DescribeImagesCommand', () => {
      account.ecr.repositories = account.ecr.repositories.filter((r) => r.name !== 'team/api');
    });
    const result = await inventory.collect();
    expect(result.repositories.map((r) => r.name)).toEqual(['web', 'team/empty', 'team/worker']);
    expect(result.images.some((i) => i.repository === 'team/api')).toBe(false);
  });
});
