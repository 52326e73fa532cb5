/**
 * Each repository's lifecycle policy text, as GetLifecyclePolicy returns it: what `lifecycle compare` evaluates and
 * `lifecycle import` translates. A repository without a policy answers LifecyclePolicyNotFoundException ("The
 * lifecycle policy could not be found, and no policy is set to the repository", ECR API reference): that is "none",
 * not an error. Anything else fails the whole read with LifecyclePolicyReadError: a comparison that silently skipped
 * a repository would report fewer images at risk than there are.
 */
import { GetLifecyclePolicyCommand, paginateDescribeRepositories, type ECRClient } from '@aws-sdk/client-ecr';
import { isNamed } from '../common/calls';
import { mapWithConcurrency } from '../common/concurrency';
import { describeCause } from '../common/errors';

export class LifecyclePolicyReadError extends Error {
  override readonly name = 'LifecyclePolicyReadError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`ECR lifecycle policies: could not read ${what}${describeCause(options?.cause)}`, options);
  }
}

export interface RepositoryLifecyclePolicy {
  readonly repository: string;
  /** The policy's JSON text; undefined when the repository has none. */
  readonly text: string | undefined;
}

export interface LifecyclePolicyOptions {
  /** GetLifecyclePolicy calls at once. Default 8, as the inventory lists repositories. */
  readonly concurrency?: number;
}

export class EcrLifecyclePolicies {
  constructor(readonly ecr: ECRClient, private readonly options: LifecyclePolicyOptions = {}) {}

  /** The policy of each named repository, in the order given. */
  async read(repositories: readonly string[]): Promise<RepositoryLifecyclePolicy[]> {
    return mapWithConcurrency(repositories, this.options.concurrency ?? 8, async (repository) => ({ repository, text: await this.policyOf(repository) }));
  }

  /** Every repository of the registry (DescribeRepositories), sorted: for a caller that has no inventory. */
  async repositoryNames(): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const page of paginateDescribeRepositories({ client: this.ecr, pageSize: 1000 }, {})) {
        for (const repository of page.repositories ?? []) if (repository.repositoryName) names.push(repository.repositoryName);
      }
    } catch (cause) {
      throw new LifecyclePolicyReadError('the repositories (DescribeRepositories)', { cause });
    }
    return names.sort();
  }

  /** The repository's policy text; undefined when it has none. Any other answer throws LifecyclePolicyReadError. */
  async policyOf(repository: string): Promise<string | undefined> {
    try {
      const answer = await this.ecr.send(new GetLifecyclePolicyCommand({ repositoryName: repository }));
      if (answer.lifecyclePolicyText === undefined) throw new Error('GetLifecyclePolicy answered without lifecyclePolicyText');
      return answer.lifecyclePolicyText;
    } catch (cause) {
      if (isNamed(cause, 'LifecyclePolicyNotFoundException')) return undefined;
      throw new LifecyclePolicyReadError(`the lifecycle policy of ${repository} (GetLifecyclePolicy)`, { cause });
    }
  }
}
