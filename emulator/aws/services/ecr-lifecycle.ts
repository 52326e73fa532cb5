/**
 * ECR lifecycle policies (ECR API reference: GetLifecyclePolicy, PutLifecyclePolicy, DeleteLifecyclePolicy,
 * StartLifecyclePolicyPreview, GetLifecyclePolicyPreview), stored on the repository (`lifecyclePolicy`). The emulator
 * never runs the policy against the repository by itself: ECR does so "within 24 hours", which a test would only
 * race with. The preview is computed at once (ecr-lifecycle-preview.ts): StartLifecyclePolicyPreview answers
 * IN_PROGRESS, as the API does, and the next GetLifecyclePolicyPreview finds it COMPLETE.
 */
import type { EmuRepository } from '../account';
import { AwsEmulatorError, paginate, type OperationContext } from '../service';
import { checkList, checkRange, findRepository, imageStatusOf, ImageLookup, invalid, type WireImageId } from './ecr-images';
import { previewOf } from './ecr-lifecycle-preview';
import { readPolicy } from './ecr-lifecycle-rules';

export function getLifecyclePolicy(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  return { ...names(repository, ctx), lifecyclePolicyText: policyOf(repository, ctx) };
}

export function putLifecyclePolicy(input: Record<string, unknown>, ctx: OperationContext): unknown {
  // The request is validated before the repository is looked up (InvalidParameterException before RepositoryNotFound).
  readPolicy(input.lifecyclePolicyText);
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  repository.lifecyclePolicy = input.lifecyclePolicyText as string;
  return { ...names(repository, ctx), lifecyclePolicyText: repository.lifecyclePolicy };
}

export function deleteLifecyclePolicy(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  const lifecyclePolicyText = policyOf(repository, ctx);
  delete repository.lifecyclePolicy;
  return { ...names(repository, ctx), lifecyclePolicyText };
}

/**
 * The given text, or the repository's own: "If you do not specify a policy, the current policy for the repository is used."
 * The emulator's choice: the preview is computed at once (the next Get finds it COMPLETE), so
 * LifecyclePolicyPreviewInProgressException, which the SDK model lists, is never raised.
 */
export function startLifecyclePolicyPreview(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  const text = input.lifecyclePolicyText === undefined ? policyOf(repository, ctx) : (input.lifecyclePolicyText as string);
  repository.lifecyclePolicyPreview = previewOf(text, readPolicy(text), repository.images, ctx.now());
  return { ...names(repository, ctx), lifecyclePolicyText: text, status: 'IN_PROGRESS' };
}

export function getLifecyclePolicyPreview(input: Record<string, unknown>, ctx: OperationContext): unknown {
  // The request is validated before anything is looked up.
  checkRange('maxResults', input.maxResults, 1, 100);
  const tagStatus = (input.filter as { tagStatus?: string } | undefined)?.tagStatus ?? 'ANY';
  if (!TAG_STATUSES.has(tagStatus)) throw invalid(`Value '${tagStatus}' at 'filter.tagStatus' failed to satisfy constraint: Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]`);
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  const preview = repository.lifecyclePolicyPreview;
  if (!preview) {
    throw new AwsEmulatorError('LifecyclePolicyPreviewNotFoundException', `Lifecycle policy preview does not exist for the repository with name '${repository.name}' in the registry with id '${ctx.account.accountId}'`);
  }
  const lookup = new ImageLookup(repository.images);
  const wanted = selectedDigests(input, lookup);
  const shown = preview.results.filter(({ digest }) => (wanted ? wanted.has(digest) : true) && matchesTagStatus(lookup, digest, tagStatus));
  const { page, nextToken } = paginate(shown, input.nextToken as string | undefined, input.maxResults as number | undefined, ctx);
  return {
    ...names(repository, ctx),
    lifecyclePolicyText: preview.policyText,
    status: 'COMPLETE',
    previewResults: page.map((result) => resultShape(lookup, result)),
    summary: summaryOf(preview.results),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** "This option cannot be used when you specify images with imageIds" (nextToken, maxResults). */
function selectedDigests(input: Record<string, unknown>, lookup: ImageLookup): Set<string> | undefined {
  if (input.imageIds === undefined) return undefined;
  if (input.nextToken !== undefined || input.maxResults !== undefined) {
    throw new AwsEmulatorError('InvalidParameterException', 'nextToken and maxResults cannot be used together with imageIds');
  }
  const ids = checkList<WireImageId>('imageIds', input.imageIds, 1, 100);
  // Undocumented: an id that names no image is left out of the results (the emulator's choice).
  return new Set(ids.flatMap((id) => {
    const image = id.imageDigest ? lookup.byDigest(id.imageDigest) : lookup.byTag(id.imageTag ?? '');
    return image ? [image.digest] : [];
  }));
}

/** The SDK model's TagStatus enum. */
const TAG_STATUSES = new Set(['TAGGED', 'UNTAGGED', 'ANY']);

function matchesTagStatus(lookup: ImageLookup, digest: string, tagStatus: string): boolean {
  const tagged = (lookup.byDigest(digest)?.tags.length ?? 0) > 0;
  return tagStatus === 'ANY' || (tagStatus === 'TAGGED') === tagged;
}

function resultShape(lookup: ImageLookup, result: { digest: string; appliedRulePriority: number; action: 'EXPIRE' | 'TRANSITION' }): Record<string, unknown> {
  const image = lookup.byDigest(result.digest);
  return {
    imageDigest: result.digest,
    ...(image && image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
    ...(image ? { imagePushedAt: image.pushedAt / 1000, storageClass: imageStatusOf(image) === 'ARCHIVED' ? 'ARCHIVE' : 'STANDARD' } : {}),
    action: result.action === 'EXPIRE' ? { type: 'EXPIRE' } : { type: 'TRANSITION', targetStorageClass: 'ARCHIVE' },
    appliedRulePriority: result.appliedRulePriority,
  };
}

function summaryOf(results: readonly { action: string }[]): Record<string, unknown> {
  const transitioning = results.filter((result) => result.action === 'TRANSITION').length;
  return {
    expiringImageTotalCount: results.length - transitioning,
    ...(transitioning > 0 ? { transitioningImageTotalCounts: [{ targetStorageClass: 'ARCHIVE', imageTotalCount: transitioning }] } : {}),
  };
}

/** GetLifecyclePolicy, DeleteLifecyclePolicy: LifecyclePolicyNotFoundException, "no policy is set to the repository". */
function policyOf(repository: EmuRepository, ctx: OperationContext): string {
  if (repository.lifecyclePolicy !== undefined) return repository.lifecyclePolicy;
  throw new AwsEmulatorError('LifecyclePolicyNotFoundException', `Lifecycle policy does not exist for the repository with name '${repository.name}' in the registry with id '${ctx.account.accountId}'`);
}

function names(repository: EmuRepository, ctx: OperationContext): { registryId: string; repositoryName: string } {
  return { registryId: ctx.account.accountId, repositoryName: repository.name };
}
