/**
 * Fidelity of the emulated ECR, through the real ECRClient: the behaviours the inventory and the deleter rely on,
 * as AWS documents them (or as the community has observed them, see aws-k8s-facts.md §1).
 */
import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  ListImageReferrersCommand,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { ACCOUNT, digestOf, ecrClient, image, multiArch, REGION, repository } from './ecr-fixtures';

describe('emulated ECR', () => {
  let emulator: AwsEmulator;
  let ecr: ECRClient;
  const account = emptyAccount(ACCOUNT, REGION);

  beforeEach(async () => {
    account.ecr.repositories = [
      repository('app', [
        image('current', { tags: ['v2', 'latest'] }),
        image('archived', { tags: ['v1'], status: 'ARCHIVED' }),
        image('untagged'),
        ...multiArch('multi', ['m1'], 2),
        image('signature', { subjectDigest: digestOf('current'), artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json' }),
        image('sbom', { subjectDigest: digestOf('current'), artifactMediaType: 'application/spdx+json' }),
        image('old-sbom', { subjectDigest: digestOf('current'), artifactMediaType: 'application/spdx+json', status: 'ARCHIVED' }),
      ]),
      repository('team/one', []),
      repository('team/two', []),
    ];
    emulator = await startAwsEmulator({ account, pageSize: 2, quotas: {} });
    ecr = ecrClient(emulator);
  });
  afterEach(() => emulator.close());

  const digestsOf = async (filter?: { imageStatus?: 'ANY' | 'ACTIVE' | 'ARCHIVED'; tagStatus?: 'TAGGED' | 'UNTAGGED' }) => {
    const digests: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', ...(filter ? { filter } : {}), nextToken }));
      digests.push(...(page.imageDetails ?? []).map((d) => d.imageDigest ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    return digests;
  };

  it('DescribeImages without imageStatus hides archived images; ANY shows them', async () => {
    const active = await digestsOf();
    expect(active).not.toContain(digestOf('archived'));
    expect(active).toHaveLength(7);
    expect(await digestsOf({ imageStatus: 'ANY' })).toHaveLength(9);
    expect(await digestsOf({ imageStatus: 'ARCHIVED' })).toEqual([digestOf('archived'), digestOf('old-sbom')]);
    expect(await digestsOf({ tagStatus: 'TAGGED' })).toEqual([digestOf('current'), digestOf('multi')]);
  });

  it('DescribeImages sends ImageDetail timestamps and fields the SDK parses', async () => {
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'v2' }] }));
    const expected = account.ecr.repositories[0]?.images[0];
    expect(imageDetails).toEqual([expect.objectContaining({
      registryId: ACCOUNT, repositoryName: 'app', imageDigest: digestOf('current'), imageTags: ['v2', 'latest'],
      imagePushedAt: new Date(expected?.pushedAt ?? 0), imageStatus: 'ACTIVE', imageSizeInBytes: expected?.sizeBytes,
    })]);
  });

  it('DescribeImages gives an index the size of its largest manifest, as ECR documents', async () => {
    const images = account.ecr.repositories[0]?.images ?? [];
    const [first, second] = images.filter((i) => i.digest === digestOf('multi/platform-0') || i.digest === digestOf('multi/platform-1'));
    first!.sizeBytes = 300;
    second!.sizeBytes = 700;
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'm1' }] }));
    expect(imageDetails?.[0]?.imageSizeInBytes).toBe(700);
  });

  it('DescribeImages fails the whole call when one imageId does not exist', async () => {
    await expect(ecr.send(new DescribeImagesCommand({
      repositoryName: 'app', imageIds: [{ imageDigest: digestOf('current') }, { imageDigest: digestOf('nope') }],
    }))).rejects.toMatchObject({ name: 'ImageNotFoundException' });
  });

  it.each([
    ['imageIds with nextToken', { imageIds: [{ imageTag: 'v2' }], nextToken: 'abc' }],
    ['maxResults above 1000', { maxResults: 1001 }],
    ['more than 100 imageIds', { imageIds: Array.from({ length: 101 }, (_, i) => ({ imageTag: `t${i}` })) }],
  ])('DescribeImages rejects %s', async (_name, input) => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', ...input })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('answers RepositoryNotFoundException for an unknown repository', async () => {
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'ghost' }))).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['app', 'ghost'] })))
      .rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
  });

  it('DescribeRepositories pages through every repository', async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 1000 }, {})) {
      names.push(...(page.repositories ?? []).map((r) => r.repositoryName ?? ''));
    }
    expect(names).toEqual(['app', 'team/one', 'team/two']);
    expect(emulator.calls.get('ecr.DescribeRepositories')).toBe(2);
  });

  it('BatchGetImage returns an index with its children and reports unknown ids as failures', async () => {
    const response = await ecr.send(new BatchGetImageCommand({
      repositoryName: 'app',
      imageIds: [{ imageDigest: digestOf('multi') }, { imageDigest: digestOf('nope') }],
      acceptedMediaTypes: ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json'],
    }));
    const manifest = JSON.parse(response.images?.[0]?.imageManifest ?? '{}') as { manifests: { digest: string; platform: unknown }[] };
    expect(manifest.manifests.map((m) => m.digest)).toEqual([digestOf('multi/platform-0'), digestOf('multi/platform-1')]);
    expect(manifest.manifests[0]?.platform).toEqual({ architecture: 'amd64', os: 'linux' });
    expect(response.failures).toEqual([expect.objectContaining({ imageId: { imageDigest: digestOf('nope') }, failureCode: 'ImageNotFound' })]);
  });

  it.each(['ARCHIVED', 'ACTIVATING'] as const)('BatchGetImage cannot pull an %s image: a per-id ImageNotFound failure, no manifest', async (status) => {
    const index = account.ecr.repositories[0]?.images.find((i) => i.digest === digestOf('multi'));
    if (index) index.status = status;
    const response = await ecr.send(new BatchGetImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: digestOf('multi') }, { imageDigest: digestOf('archived') }] }));
    expect(response.images).toEqual([]);
    expect(response.failures?.map((f) => [f.imageId?.imageDigest, f.failureCode])).toEqual([[digestOf('multi'), 'ImageNotFound'], [digestOf('archived'), 'ImageNotFound']]);
  });

  it('BatchDeleteImage refuses more than 100 ids as a whole and deletes nothing', async () => {
    const imageIds = Array.from({ length: 101 }, (_, i) => ({ imageDigest: digestOf(`x${i}`) }));
    imageIds[0] = { imageDigest: digestOf('untagged') };
    await expect(ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(await digestsOf()).toContain(digestOf('untagged'));
  });

  it('BatchDeleteImage deletes an index but not its child sent in the same call; the child goes in a later call', async () => {
    const child = digestOf('multi/platform-0');
    const first = await ecr.send(new BatchDeleteImageCommand({
      repositoryName: 'app', imageIds: [{ imageDigest: digestOf('multi') }, { imageDigest: child }],
    }));
    expect(first.imageIds).toEqual([{ imageDigest: digestOf('multi'), imageTag: 'm1' }]);
    expect(first.failures).toEqual([{ imageId: { imageDigest: child }, failureCode: 'ImageReferencedByManifestList', failureReason: 'Requested image referenced by manifest list' }]);
    const second = await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: child }] }));
    expect(second.imageIds).toEqual([{ imageDigest: child }]);
  });

  it('BatchDeleteImage by digest removes every tag of the image', async () => {
    await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'app', imageIds: [{ imageDigest: digestOf('current') }] }));
    for (const imageTag of ['v2', 'latest']) {
      await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag }] })))
        .rejects.toMatchObject({ name: 'ImageNotFoundException' });
    }
  });

  it('BatchDeleteImage reports per-item failures without failing the call', async () => {
    const response = await ecr.send(new BatchDeleteImageCommand({
      repositoryName: 'app', imageIds: [{ imageDigest: digestOf('nope') }, { imageDigest: 'sha256:bad' }, { imageDigest: digestOf('untagged') }],
    }));
    expect(response.failures?.map((f) => f.failureCode)).toEqual(['ImageNotFound', 'InvalidImageDigest']);
    expect(response.imageIds).toEqual([{ imageDigest: digestOf('untagged') }]);
  });

  it('ListImageReferrers pages with nextToken and shows ACTIVE referrers unless asked', async () => {
    const list = async (artifactStatus?: 'ANY') => {
      const digests: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await ecr.send(new ListImageReferrersCommand({
          repositoryName: 'app', subjectId: { imageDigest: digestOf('current') }, nextToken, maxResults: 50,
          ...(artifactStatus ? { filter: { artifactStatus } } : {}),
        }));
        digests.push(...(page.referrers ?? []).map((r) => r.digest ?? ''));
        nextToken = page.nextToken;
      } while (nextToken);
      return digests;
    };
    expect(await list()).toEqual([digestOf('signature'), digestOf('sbom')]);
    expect(await list('ANY')).toHaveLength(3);
    await expect(ecr.send(new ListImageReferrersCommand({ repositoryName: 'app', subjectId: { imageDigest: digestOf('current') }, maxResults: 51 })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
