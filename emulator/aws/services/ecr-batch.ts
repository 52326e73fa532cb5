/**
 * ECR's batch APIs: per-item failures come back in `failures[]`, limits fail the whole call. BatchDeleteImage refuses
 * a digest that an index lists, judged against the indexes that exist when the call starts, so a child sent in the
 * same call as its index fails (ImageReferencedByManifestList) while the index itself is deleted.
 *
 * Fault mode (account.ecr.faults.dropFromBatchDeleteAnswer): an id left out of both imageIds and failures. The API
 * reference does not say every requested id is accounted for in the answer, so a client must not assume it.
 */
import type { EmuImage, EmuRepository } from '../account';
import type { OperationContext } from '../service';
import { checkList, findRepository, ImageLookup, imageStatusOf, manifestOf, resolveImageId, type WireImageId } from './ecr-images';

interface ImageFailure {
  imageId: WireImageId;
  failureCode: string;
  failureReason: string;
}

export function batchGetImage(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  const ids = checkList<WireImageId>('imageIds', input.imageIds, 1, 100);
  const accepted = input.acceptedMediaTypes === undefined
    ? undefined : checkList<string>('acceptedMediaTypes', input.acceptedMediaTypes, 1, 100);
  const lookup = new ImageLookup(repository.images);
  const images: Record<string, unknown>[] = [];
  const failures: ImageFailure[] = [];
  for (const id of ids) {
    const resolution = resolveImageId(lookup, id);
    if ('failureCode' in resolution) {
      failures.push({ imageId: id, ...resolution });
      continue;
    }
    const { image } = resolution;
    // BatchGetImage is the pull API, and "archived images cannot be pulled. Requests to pull the archived image will
    // fail with a 404 error" (archive-image.html); a restoring image "remains in archive state and cannot be pulled until
    // the restore completes" (restore-image.html). The per-id failureCode for it is undocumented: ImageNotFound (the 404)
    // is the safe answer, a failure any client must handle rather than a manifest it could trust.
    if (imageStatusOf(image) !== 'ACTIVE') {
      failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: `Requested image not found (${imageStatusOf(image)}: archived images cannot be pulled)` });
      continue;
    }
    // Whether real ECR converts or refuses an index when its type is not accepted is unverified; refusing is stricter.
    if (accepted && !accepted.includes(image.manifestMediaType)) {
      failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: `Requested image not found in an accepted media type (${image.manifestMediaType})` });
      continue;
    }
    images.push({
      registryId: ctx.account.accountId,
      repositoryName: repository.name,
      imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
      imageManifest: manifestOf(lookup, image),
      imageManifestMediaType: image.manifestMediaType,
    });
  }
  return { images, failures };
}

export function batchDeleteImage(input: Record<string, unknown>, ctx: OperationContext): unknown {
  const repository = findRepository(ctx.account, input.repositoryName, input.registryId);
  const ids = checkList<WireImageId>('imageIds', input.imageIds, 1, 100);
  const listedByIndexes = digestsListedByIndexes(repository);
  const lookup = new ImageLookup(repository.images);
  const imageIds: WireImageId[] = [];
  const failures: ImageFailure[] = [];
  const dropped = ctx.account.ecr.faults?.dropFromBatchDeleteAnswer;
  for (const id of ids) {
    if (dropped && id.imageDigest && dropped.digests.includes(id.imageDigest)) {
      const found = lookup.byDigest(id.imageDigest);
      if (dropped.deleteThem && found) removeImage(repository, lookup, found);
      continue;
    }
    const resolution = resolveImageId(lookup, id);
    if ('failureCode' in resolution) {
      failures.push({ imageId: id, ...resolution });
    } else if (!id.imageDigest && id.imageTag && resolution.image.tags.length > 1) {
      untag(lookup, resolution.image, id.imageTag);
      imageIds.push({ imageDigest: resolution.image.digest, imageTag: id.imageTag });
    } else if (listedByIndexes.has(resolution.image.digest)) {
      failures.push({ imageId: id, failureCode: 'ImageReferencedByManifestList', failureReason: 'Requested image referenced by manifest list' });
    } else {
      imageIds.push(...removeImage(repository, lookup, resolution.image));
    }
  }
  return { imageIds, failures };
}

/** The snapshot taken at the start of the call: deleting an index in the same call does not free its children. */
function digestsListedByIndexes(repository: EmuRepository): Set<string> {
  const listed = new Set<string>();
  for (const image of repository.images) for (const child of image.childDigests ?? []) listed.add(child);
  return listed;
}

function untag(lookup: ImageLookup, image: EmuImage, tag: string): void {
  lookup.forget(image, tag);
  image.tags = image.tags.filter((t) => t !== tag);
}

/** Deleting by digest removes the image and every tag on it. */
function removeImage(repository: EmuRepository, lookup: ImageLookup, image: EmuImage): WireImageId[] {
  lookup.forget(image);
  repository.images.splice(repository.images.indexOf(image), 1);
  return image.tags.length > 0
    ? image.tags.map((imageTag) => ({ imageDigest: image.digest, imageTag }))
    : [{ imageDigest: image.digest }];
}
