/**
 * The coexistence check of every run (core/coexistence.ts; the LifecyclePolicyChecker port): whether the repositories
 * the run chooses still have a lifecycle policy, and the registry's repository creation templates. It reports, it
 * never blocks, so it must never cost the run its budget either:
 *  - its own ECRClient: the SDK's adaptive retry slows a whole client down once a call is throttled, and a throttled
 *    GetLifecyclePolicy must not slow the inventory's DescribeImages;
 *  - a time limit (default 60 s): past it no new repository is asked (ECR documents no rate for GetLifecyclePolicy);
 *  - the first call that fails after the SDK's retries stops the rest: an AccessDenied or a throttled API would fail
 *    every call after it just the same (a repository deleted since it was listed is only skipped).
 * The repositories not asked keep what an earlier run learned.
 */
import { paginateDescribeRepositoryCreationTemplates } from '@aws-sdk/client-ecr';
import { isNamed } from '../common/calls';
import { mapWithConcurrency } from '../common/concurrency';
import { messageOf } from '../common/errors';
import type { CreationTemplate, LifecyclePolicyAnswers } from '../../core/collected';
import type { LifecyclePolicyChecker } from '../../ports';
import { LifecyclePolicyReadError, type EcrLifecyclePolicies } from './lifecycle-policies';

export interface CheckerOptions {
  /** GetLifecyclePolicy calls at once. Default 8. */
  readonly concurrency?: number;
  /** No repository is asked once this long has passed since the check started. Default 60 s. */
  readonly timeLimitMs?: number;
  readonly clock?: () => number;
}

type Answer = LifecyclePolicyAnswers['answers'][number];

export class EcrLifecyclePolicyChecker implements LifecyclePolicyChecker {
  constructor(private readonly policies: EcrLifecyclePolicies, private readonly options: CheckerOptions = {}) {}

  async check(choose: (repositories: readonly string[]) => readonly string[]): Promise<LifecyclePolicyAnswers> {
    const [templates, asked] = await Promise.all([settled(this.creationTemplates()), this.ask(choose)]);
    const errors = [templates.error, asked.error].filter((error): error is string => error !== undefined);
    return { answers: asked.answers, ...(templates.value ? { creationTemplates: templates.value } : {}), ...(errors.length ? { error: errors.join('; ') } : {}) };
  }

  /** Every creation template (up to 1,000 a call): a template's lifecycle policy comes with each repository ECR creates under it. */
  async creationTemplates(): Promise<CreationTemplate[]> {
    const templates: CreationTemplate[] = [];
    try {
      for await (const page of paginateDescribeRepositoryCreationTemplates({ client: this.policies.ecr, pageSize: 1000 }, {})) {
        for (const t of page.repositoryCreationTemplates ?? []) {
          if (t.prefix) templates.push({ prefix: t.prefix, appliedFor: [...(t.appliedFor ?? [])], hasLifecyclePolicy: Boolean(t.lifecyclePolicy) });
        }
      }
    } catch (cause) {
      throw new LifecyclePolicyReadError('the repository creation templates (DescribeRepositoryCreationTemplates)', { cause });
    }
    return templates;
  }

  private async ask(choose: (repositories: readonly string[]) => readonly string[]): Promise<{ answers: Answer[]; error?: string }> {
    const clock = this.options.clock ?? Date.now;
    const limitMs = this.options.timeLimitMs ?? 60_000;
    const deadline = clock() + limitMs;
    const answers: Answer[] = [];
    try {
      const asked = choose(await this.policies.repositoryNames());
      await mapWithConcurrency(asked, this.options.concurrency ?? 8, async (repository) => {
        if (clock() > deadline) throw new TimeLimitReached(`the ${Math.round(limitMs / 1000)} s time limit was reached with ${answers.length} of ${asked.length} repositories asked`);
        const hasPolicy = await this.hasPolicy(repository);
        if (hasPolicy !== undefined) answers.push({ repository, hasPolicy });
      });
      return { answers };
    } catch (error) {
      return { answers: [...answers], error: messageOf(error) };
    }
  }

  /**
   * Undefined for a repository deleted since it was listed (RepositoryNotFoundException: "The specified repository
   * could not be found", an ordinary race in a busy registry): it has no policy to report, and the checks go on.
   */
  private async hasPolicy(repository: string): Promise<boolean | undefined> {
    try {
      return (await this.policies.policyOf(repository)) !== undefined;
    } catch (error) {
      if (error instanceof LifecyclePolicyReadError && isNamed(error.cause, 'RepositoryNotFoundException')) return undefined;
      throw error;
    }
  }
}

class TimeLimitReached extends Error {
  override readonly name = 'TimeLimitReached';
}

async function settled<T>(work: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await work };
  } catch (error) {
    return { error: messageOf(error) };
  }
}
