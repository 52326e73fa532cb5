/**
 * The ECR inventory: every repository and every image of the account and region, archived ones included
 * (`imageStatus: ANY`; DescribeImages hides them otherwise), with the children of every index read through
 * BatchGetImage. It fails closed: anything it cannot read completely throws InventoryError, because an index whose
 * children are unknown could hide a live child. The one documented exception: an archived or restoring index cannot
 * be read (it cannot be pulled); it is noted, and every active image of its repository counts as its member.
 */
import {
  BatchGetImageCommand,
  type ECRClient,
  type ImageDetail,
  paginateDescribeImages,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import type { Digest, ImageRecord, Inventory, RepositoryRecord } from '../../core/model';
import { ecrHostForms } from '../../core/registry-hosts';
import type { InventorySource, NoteSink } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { chunk, isNamed } from '../common/calls';
import { ECR_BATCH_LIMIT } from './calls';
import { ACCEPTED_MANIFEST_MEDIA_TYPES, mayHaveChildren } from './media-types';
import { childDigestsOf, mergeByDigest, toImageRecord } from './records';
import { InventoryError } from '../common/errors';
import type { CallerAccount } from '../sts/caller-account';
import { readReplication } from './replication';

export interface EcrInventoryClients {
  readonly ecr: ECRClient;
  /** This account's id (adapters/sts/caller-account.ts), shared by every region's inventory. */
  readonly account: Pick<CallerAccount, 'id'>;
}

export interface EcrInventoryOptions {
  /** maxResults of DescribeRepositories and DescribeImages. Default 1000, the largest ECR allows. */
  readonly pageSize?: number;
  /** Repositories listed at once. Default 8. */
  readonly repositoryConcurrency?: number;
  /** BatchGetImage calls at once within one repository. Default 4. */
  readonly manifestConcurrency?: number;
  /** Stands in for a missing push time (see toImageRecord). Default Date.now. */
  readonly clock?: () => number;
}

export class EcrInventory implements InventorySource {
  constructor(
    private readonly clients: EcrInventoryClients,
    private readonly options: EcrInventoryOptions = {},
  ) {}

  async collect(note: NoteSink = () => undefined): Promise<Inventory> {
    const [accountId, region, { records: listed, hosts }, replication] = await Promise.all([this.accountId(), this.region(), this.repositories(), readReplication(this.clients.ecr)]);
    const imagesPerRepository = await mapWithConcurrency(listed, this.options.repositoryConcurrency ?? 8,
      (repository) => this.imagesOf(repository.name, note));
    const repositories = listed.filter((_, i) => imagesPerRepository[i] !== undefined);
    const images = imagesPerRepository.flatMap((records) => records ?? []);
    return { accountId, region, repositories, images, registryHosts: [...hosts], replication };
  }

  private async accountId(): Promise<string> {
    return this.clients.account.id().catch((cause: unknown) => {
      throw new InventoryError('the account id (STS GetCallerIdentity)', { cause });
    });
  }

  private async region(): Promise<string> {
    return this.clients.ecr.config.region().catch((cause: unknown) => {
      throw new InventoryError('the region of the ECR client', { cause });
    });
  }

  /** The repositories, and the registry's hosts as their repositoryUri names them (core/registry-hosts). */
  private async repositories(): Promise<{ records: RepositoryRecord[]; hosts: Set<string> }> {
    const records: RepositoryRecord[] = [];
    const hosts = new Set<string>();
    try {
      const pages = paginateDescribeRepositories({ client: this.clients.ecr, pageSize: this.pageSize() }, {});
      for await (const page of pages) {
        for (const repository of page.repositories ?? []) {
          if (!repository.repositoryName) throw new Error('a repository without a name');
          const uriHost = repository.repositoryUri?.split('/')[0];
          if (uriHost) for (const host of ecrHostForms(uriHost)) hosts.add(host);
          records.push({
            name: repository.repositoryName,
            registryId: repository.registryId ?? '',
            ...(repository.repositoryArn ? { arn: repository.repositoryArn } : {}),
          });
        }
      }
    } catch (cause) {
      throw new InventoryError('the repositories (DescribeRepositories)', { cause });
    }
    return { records, hosts };
  }

  /** Undefined when the repository was deleted since it was listed: it has nothing left to delete. */
  private async imagesOf(repository: string, note: NoteSink): Promise<ImageRecord[] | undefined> {
    const details = await this.describeImages(repository);
    if (details === undefined) return undefined;
    const indexes = details.filter((d) => mayHaveChildren(d.imageManifestMediaType));
    const readable = indexes.filter((d) => isActive(d)).map((d) => d.imageDigest as Digest);
    const children = await this.childrenOf(repository, readable);
    const archived = indexes.filter((d) => !isActive(d));
    if (archived.length > 0) {
      // One shared list: it holds active images only, so never the archived index itself.
      const possible = possibleMembers(details);
      for (const index of archived) children.set(index.imageDigest as Digest, possible);
      note({ source: 'ecr', message: `repository ${repository}: ${archived.length} archived image index(es) whose members cannot be read `
        + '(an archived image cannot be pulled); every active image of the repository is kept as a possible member' });
    }
    const listedAt = (this.options.clock ?? Date.now)();
    return details.map((detail) => toImageRecord(repository, detail, children.get(detail.imageDigest as Digest) ?? [], listedAt));
  }

  private async describeImages(repository: string): Promise<ImageDetail[] | undefined> {
    const details: ImageDetail[] = [];
    try {
      const input = { repositoryName: repository, filter: { tagStatus: 'ANY' as const, imageStatus: 'ANY' as const } };
      for await (const page of paginateDescribeImages({ client: this.clients.ecr, pageSize: this.pageSize() }, input)) {
        for (const detail of page.imageDetails ?? []) {
          if (!detail.imageDigest) throw new Error('an image without a digest');
          details.push(detail);
        }
      }
    } catch (cause) {
      if (isNamed(cause, 'RepositoryNotFoundException')) return undefined;
      throw new InventoryError(`the images of repository ${repository} (DescribeImages)`, { cause });
    }
    return mergeByDigest(details);
  }

  private async childrenOf(repository: string, indexes: readonly Digest[]): Promise<Map<Digest, Digest[]>> {
    const batches = await mapWithConcurrency(chunk(indexes, ECR_BATCH_LIMIT), this.options.manifestConcurrency ?? 4,
      (digests) => this.readManifests(repository, digests));
    return new Map(batches.flat());
  }

  /** Every requested digest must come back with a readable manifest; a per-id failure fails the inventory. */
  private async readManifests(repository: string, digests: readonly Digest[]): Promise<[Digest, Digest[]][]> {
    const what = `the index manifests of repository ${repository} (BatchGetImage)`;
    const response = await this.clients.ecr.send(new BatchGetImageCommand({
      repositoryName: repository,
      imageIds: digests.map((imageDigest) => ({ imageDigest })),
      acceptedMediaTypes: ACCEPTED_MANIFEST_MEDIA_TYPES,
    })).catch((cause: unknown) => {
      throw new InventoryError(what, { cause });
    });
    const failure = response.failures?.[0];
    if (failure) {
      const cause = new Error(`${failure.imageId?.imageDigest}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim());
      throw new InventoryError(what, { cause });
    }
    const manifests = new Map((response.images ?? []).map((image) => [image.imageId?.imageDigest, image.imageManifest]));
    return digests.map((digest) => {
      const manifest = manifests.get(digest);
      try {
        if (manifest === undefined) throw new Error('not returned');
        return [digest, childDigestsOf(manifest)];
      } catch (cause) {
        throw new InventoryError(`${what}: manifest of ${digest}`, { cause });
      }
    });
  }

  private pageSize(): number {
    return this.options.pageSize ?? 1000;
  }
}

/** An absent imageStatus is the standard storage class. */
function isActive(detail: ImageDetail): boolean {
  return (detail.imageStatus ?? 'ACTIVE') === 'ACTIVE';
}

/**
 * What an archived (or restoring) index may list. Its manifest cannot be read: BatchGetImage is a pull, and archived
 * images cannot be pulled, restoring ones neither until the restore completes (archive-image.html, restore-image.html).
 * ECR does not document what becomes of the members of an archived index, and a restore needs them all, so every
 * active image of the repository counts as one (archived ones are never deleted anyway). Members live in the
 * repository of their index, so other repositories are unaffected.
 */
function possibleMembers(details: readonly ImageDetail[]): Digest[] {
  return details.filter(isActive).map((detail) => detail.imageDigest as Digest);
}
