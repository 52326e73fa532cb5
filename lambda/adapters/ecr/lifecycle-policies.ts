/**
 * Each repository's lifecycle policy text, as GetLifecyclePolicy returns it: what `lifecycle compare` evaluates and
 * `lifecycle import` translates. A repository without a policy answers LifecyclePolicyNotFoundException ("The
 * lifecycle policy could not be found, and no policy is set to the repository", ECR API reference): that is "none",
 * not an error. Anything else fails the whole read with LifecyclePolicyReadError: a comparison that silently skipped
 * a repository would report fewer images at risk than there are.
 */
import { GetLifecyclePolicyCommand, paginateDescribeRepositories, paginateDescribeRepositoryCreationTemplates, type ECRClient } from '@aws-sdk/client-ecr';
import { isNamed } from '../common/calls';
import { mapWithConcurrency } from '../common/concurrency';
import type { CreationTemplate, LifecyclePolicyAnswers } from '../../core/collected';
import type { LifecyclePolicyChecker } from '../../ports';

export class LifecyclePolicyReadError extends Error {
  override readonly name = 'LifecyclePolicyReadError';
  constructor(readonly what: string, options?: { cause?: unknown }) {
    super(`ECR lifecycle policies: could not read ${what}${describe(options?.cause)}`, options);
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

export class EcrLifecyclePolicies implements LifecyclePolicyChecker {
  constructor(private readonly ecr: ECRClient, private readonly options: LifecyclePolicyOptions = {}) {}

  /** The policy of each named repository, in the order given. */
  async read(repositories: readonly string[]): Promise<RepositoryLifecyclePolicy[]> {
    return mapWithConcurrency(repositories, this.options.concurrency ?? 8, async (repository) => ({ repository, text: await this.policyOf(repository) }));
  }

  /**
   * Whether each repository has a policy, for the run's coexistence report (LifecyclePolicyChecker). The first call
   * that fails after the SDK's retries stops the rest: an AccessDenied or a throttled API would fail every call after
   * it just the same, and the repositories not asked keep what an earlier run learned.
   */
  async check(choose: (repositories: readonly string[]) => readonly string[]): Promise<LifecyclePolicyAnswers> {
    const [templates, asked] = await Promise.all([settled(this.creationTemplates()), this.ask(choose)]);
    const errors = [templates.error, asked.error].filter((error): error is string => error !== undefined);
    return { answers: asked.answers, ...(templates.value ? { creationTemplates: templates.value } : {}), ...(errors.length ? { error: errors.join('; ') } : {}) };
  }

  /** The repository creation templates (one call for up to 1,000): a template's lifecycle policy comes with every repository ECR creates under it. */
  async creationTemplates(): Promise<CreationTemplate[]> {
    const templates: CreationTemplate[] = [];
    try {
      for await (const page of paginateDescribeRepositoryCreationTemplates({ client: this.ecr, pageSize: 1000 }, {})) {
        for (const t of page.repositoryCreationTemplates ?? []) {
          if (t.prefix) templates.push({ prefix: t.prefix, appliedFor: [...(t.appliedFor ?? [])], hasLifecyclePolicy: Boolean(t.lifecyclePolicy) });
        }
      }
    } catch (cause) {
      throw new LifecyclePolicyReadError('the repository creation templates (DescribeRepositoryCreationTemplates)', { cause });
    }
    return templates;
  }

  private async ask(choose: (repositories: readonly string[]) => readonly string[]): Promise<{ answers: LifecyclePolicyAnswers['answers']; error?: string }> {
    const answers: { repository: string; hasPolicy: boolean }[] = [];
    try {
      const asked = choose(await this.repositoryNames());
      await mapWithConcurrency(asked, this.options.concurrency ?? 8, async (repository) => {
        answers.push({ repository, hasPolicy: (await this.policyOf(repository)) !== undefined });
      });
      return { answers };
    } catch (error) {
      return { answers: [...answers], error: messageOf(error) };
    }
  }

  /** Every repository of the registry (DescribeRepositories), for a caller that has no inventory: `lifecycle import`. */
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

  private async policyOf(repository: string): Promise<string | undefined> {
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

async function settled<T>(work: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await work };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return ` (${cause.name}: ${cause.message})`;
  return cause === undefined ? '' : ` (${String(cause)})`;
}
