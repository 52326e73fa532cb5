/**
 * Amazon ECR (JSON 1.1), driven by `account.ecr.repositories`: the listing APIs the inventory reads, the batch
 * APIs of ecr-batch.ts, DescribeRegistry (ecr-registry.ts), DescribeRepositoryCreationTemplates (ecr-creation-templates.ts) and the lifecycle policy APIs (ecr-lifecycle.ts). Fidelity points that matter for safety: DescribeImages shows only ACTIVE images unless
 * `filter.imageStatus` says otherwise, and a missing id in `imageIds` fails the whole call.
 */
import type { AccountModel, EmuImage, EmuRepository } from '../account';
import { AwsEmulatorError, paginate, type OperationContext, type ServiceDefinition } from '../service';
import { batchDeleteImage, batchGetImage } from './ecr-batch';
import { deleteLifecyclePolicy, getLifecyclePolicy, getLifecyclePolicyPreview, putLifecyclePolicy, startLifecyclePolicyPreview } from './ecr-lifecycle';
import { describeRepositoryCreationTemplates } from './ecr-creation-templates';
import { describeRegistry } from './ecr-registry';
import { checkList, checkRange, findRepository, ImageLookup, imageDetail, imageStatusOf, invalid, type WireImageId } from './ecr-images';

interface DescribeImagesFilter {
  readonly tagStatus?: 'TAGGED' | 'UNTAGGED' | 'ANY';
  readonly imageStatus?: 'ACTIVE' | 'ARCHIVED' | 'ACTIVATING' | 'ANY';
}

export const ecr: ServiceDefinition = {
  signingName: 'ecr',
  protocol: 'json1.1',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  // The ECR service quotas page gives rates for the push and pull APIs only; for these reads none is documented, so
  // they share one bucket (limits.ts `ecr:read`), the pessimistic reading (README "Performance").
  quotaBuckets: {
    DescribeRepositories: 'read',
    DescribeImages: 'read',
    ListImageReferrers: 'read',
    BatchGetImage: 'batch-get-image',
    BatchDeleteImage: 'delete',
    GetLifecyclePolicy: 'read',
    GetLifecyclePolicyPreview: 'read',
    DescribeRegistry: 'read',
    DescribeRepositoryCreationTemplates: 'read',
  },
  operations: {
    DescribeRepositories: describeRepositories,
    DescribeImages: describeImages,
    ListImageReferrers: listImageReferrers,
    BatchGetImage: batchGetImage,
    BatchDeleteImage: batchDeleteImage,
    DescribeRegistry: describeRegistry,
    DescribeRepositoryCreationTemplates: describeRepositoryCreationTemplates,
    GetLifecyclePolicy: getLifecyclePolicy,
    PutLifecyclePolicy: putLifecyclePolicy,
    DeleteLifecyclePolicy: deleteLifecyclePolicy,
    StartLifecyclePolicyPreview: startLifecyclePolicyPreview,
    GetLifecyclePolicyPreview: getLifecyclePolicyPreview,
  },
};

function describeRepositories(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const { account } = ctx;
  checkRange('maxResults', input.maxResults, 1, 1000);
  let repositories = account.ecr.repositories;
  if (input.repositoryNames !== undefined) {
    if (input.maxResults !== undefined) throw invalid('maxResults cannot be used together with repositoryNames');
    const names = checkList<string>('repositoryNames', input.repositoryNames, 1, 100);
    repositories = names.map((name) => findRepository(account, name, input.registryId));
  } else if (input.registryId !== undefined && input.registryId !== account.accountId) {
    repositories = [];
  }
  const { page, nextToken } = paginate(repositories, input.nextToken as string | undefined, input.maxResults as number | undefined, ctx);
  return { repositories: page.map((repository) => repositoryShape(account, repository)), ...(nextToken ? { nextToken } : {}) };
}

function repositoryShape(account: AccountModel, repository: EmuRepository): Record<string, unknown> {
  return {
    repositoryArn: `arn:aws:ecr:${account.region}:${account.accountId}:repository/${repository.name}`,
    registryId: account.accountId,
    repositoryName: repository.name,
    repositoryUri: `${account.accountId}.dkr.ecr.${account.region}.${dnsSuffixOf(account.region)}/${repository.name}`,
    createdAt: repository.createdAt / 1000,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

/**
 * The partition's DNS suffix, as the SDK's endpoint partitions (aws-sdk-js-v3 util-endpoints partitions.json:
 * regionRegex → outputs.dnsSuffix) give it; the registry host is `<account>.dkr.ecr.<region>.<dnsSuffix>`.
 */
const PARTITIONS: readonly (readonly [RegExp, string])[] = [
  [/^cn-\w+-\d+$/, 'amazonaws.com.cn'],
  [/^eusc-(de)-\w+-\d+$/, 'amazonaws.eu'],
  [/^us-iso-\w+-\d+$/, 'c2s.ic.gov'],
  [/^us-isob-\w+-\d+$/, 'sc2s.sgov.gov'],
  [/^eu-isoe-\w+-\d+$/, 'cloud.adc-e.uk'],
  [/^us-isof-\w+-\d+$/, 'csp.hci.ic.gov'],
];

function dnsSuffixOf(region: string): string {
  return PARTITIONS.find(([pattern]) => pattern.test(region))?.[1] ?? 'amazonaws.com';
}

function describeImages(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const { account } = ctx;
  const repository = findRepository(account, input.repositoryName, input.registryId);
  checkRange('maxResults', input.maxResults, 1, 1000);
  const filter = (input.filter ?? {}) as DescribeImagesFilter;
  if (input.imageIds !== undefined) {
    if (input.nextToken !== undefined || input.maxResults !== undefined) {
      throw invalid('nextToken and maxResults cannot be used together with imageIds');
    }
    const ids = checkList<WireImageId>('imageIds', input.imageIds, 1, 100);
    const images = imagesById(account, repository, ids).filter((image) => matchesFilter(image, filter));
    return { imageDetails: images.map((image) => imageDetail(account, repository, image)) };
  }
  const images = repository.images.filter((image) => matchesFilter(image, filter));
  const { page, nextToken } = paginate(images, input.nextToken as string | undefined, input.maxResults as number | undefined, ctx);
  return { imageDetails: page.map((image) => imageDetail(account, repository, image)), ...(nextToken ? { nextToken } : {}) };
}

/** Every id must resolve: one missing id fails the whole call, as the modelled ImageNotFoundException says. */
function imagesById(account: AccountModel, repository: EmuRepository, ids: readonly WireImageId[]): EmuImage[] {
  const lookup = new ImageLookup(repository.images);
  const found = new Set<EmuImage>();
  for (const id of ids) {
    const image = id?.imageDigest ? lookup.byDigest(id.imageDigest) : lookup.byTag(id?.imageTag ?? '');
    if (!image || (id.imageTag !== undefined && !image.tags.includes(id.imageTag))) {
      throw new AwsEmulatorError('ImageNotFoundException',
        `The image with imageId {imageDigest:'${id?.imageDigest ?? 'null'}', imageTag:'${id?.imageTag ?? 'null'}'} does not exist ` +
        `within the repository with name '${repository.name}' in the registry with id '${account.accountId}'`);
    }
    found.add(image);
  }
  return [...found];
}

/** An omitted `imageStatus` means ACTIVE only: archived images are invisible unless asked for. */
function matchesFilter(image: EmuImage, filter: DescribeImagesFilter): boolean {
  const tagStatus = filter.tagStatus ?? 'ANY';
  if (tagStatus === 'TAGGED' && image.tags.length === 0) return false;
  if (tagStatus === 'UNTAGGED' && image.tags.length > 0) return false;
  const wanted = filter.imageStatus ?? 'ACTIVE';
  return wanted === 'ANY' || imageStatusOf(image) === wanted;
}

function listImageReferrers(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  checkRange('maxResults', input.maxResults, 1, 50);
  const subject = (input.subjectId as { imageDigest?: string } | undefined)?.imageDigest;
  if (!subject) throw invalid(`Value null at 'subjectId.imageDigest' failed to satisfy constraint: Member must not be null`);
  const filter = (input.filter ?? {}) as { artifactTypes?: string[]; artifactStatus?: string };
  const status = filter.artifactStatus ?? 'ACTIVE';
  const referrers = repository.images.filter((image) => image.subjectDigest === subject
    && (status === 'ANY' || imageStatusOf(image) === status)
    && (!filter.artifactTypes || filter.artifactTypes.includes(image.artifactMediaType ?? '')));
  const { page, nextToken } = paginate(referrers, input.nextToken as string | undefined, input.maxResults as number | undefined, ctx, 20);
  return {
    referrers: page.map((image) => ({
      digest: image.digest,
      mediaType: image.manifestMediaType,
      ...(image.artifactMediaType ? { artifactType: image.artifactMediaType } : {}),
      size: image.sizeBytes,
      artifactStatus: imageStatusOf(image),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}
