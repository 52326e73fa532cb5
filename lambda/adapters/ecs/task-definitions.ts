/**
 * Task definitions are immutable: each one is described at most once per run, however many services, task sets,
 * rules and schedules use it (a cache of promises, so concurrent askers share one call). Every task-definition-read
 * call (DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies share ECS's smallest bucket: burst 50,
 * 20/s) goes through one gate of at most 10 calls in flight, and the SDK's adaptive retry absorbs the throttles left.
 *
 * Across runs, a TaskDefinitionCache answers for full ARNs with a revision, the only references that name one task
 * definition for good: a family moves to its next revision, and `family:revision` leaves the account and region to
 * the caller's credentials (the describer knows neither, and services, task sets and the catalogue all give full
 * ARNs anyway). It answers only uses that ECS must be able to describe (a service, a task set, the catalogue): for a
 * rule or a schedule, "undescribable" is the answer that matters (the target can no longer run), and only ECS can
 * give it. Only ACTIVE definitions are put, under the ARN ECS answers with: an INACTIVE one is on its way to being
 * deleted, and whether it can still be described is a fact of this run.
 */
import { ClientException, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { TaskDefinitionCache } from '../../ports';
import { parseTaskDefinition, read, TASK_DEFINITION_ARN } from './common';
import { LiveSourceError } from '../common/errors';

export const TASK_DEFINITION_READ_CONCURRENCY = 10;

/**
 * What DescribeTaskDefinition answers for a revision it can no longer describe: "You can only describe INACTIVE task
 * definitions while an active task or service references them" (DescribeTaskDefinition API reference), and a deleted
 * revision is gone. ECS says so with ClientException "Unable to describe task definition." (the API reference names
 * only the exception; the message is the one users of the CLI, SDKs and Terraform report). Such a revision cannot run.
 */
export interface Undescribable {
  readonly undescribable: true;
  /** ECS's answer, kept for whoever must still fail on it. */
  readonly cause: unknown;
}

export interface DescribedTaskDefinition {
  readonly family: string;
  readonly revision: number;
  readonly containers: readonly { readonly name?: string; readonly image?: string }[];
}

/**
 * At most `limit` tasks run at once; the others wait their turn in order. Once a task has failed the source has
 * failed, so the tasks still waiting are refused instead of spending the quota on a result nobody will use.
 */
export type Gate = <T>(task: () => Promise<T>) => Promise<T>;

export function createGate(limit: number): Gate {
  let running = 0;
  let failure: unknown;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      if (failure !== undefined) throw failure;
      return await task();
    } catch (error) {
      failure ??= error;
      throw error;
    } finally {
      // Hand the slot straight to the next waiter, so that no newcomer can slip in between.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

export class TaskDefinitionDescriber {
  private readonly described = new Map<string, Promise<DescribedTaskDefinition | Undescribable>>();

  constructor(
    private readonly ecs: ECSClient,
    readonly gate: Gate = createGate(TASK_DEFINITION_READ_CONCURRENCY),
    /** Loaded already: the source loads it before the first describe. */
    private readonly cache?: TaskDefinitionCache,
  ) {}

  /**
   * Describes `family:revision` once; a family alone means its latest ACTIVE revision. A revision ECS documents it
   * can no longer describe resolves to Undescribable (the caller decides whether that is a fact or a failure), so
   * that it neither stops the gate nor fails a run on its own. `fromCache`: the use would fail on an undescribable
   * revision anyway, so an earlier run's answer for the same ARN stands.
   */
  describe(reference: string, options: { readonly fromCache?: boolean } = {}): Promise<DescribedTaskDefinition | Undescribable> {
    const { family, revision } = parseTaskDefinition(reference);
    const key = revision === undefined ? family : `${family}:${revision}`;
    // Described once per run, whichever use asks first: a rule's target that another use answered from the cache keeps
    // that answer, and its images (the safe side of not asking ECS whether the rule could still launch it).
    const cached = this.described.get(key);
    if (cached) return cached;
    const known = options.fromCache && TASK_DEFINITION_ARN.test(reference) ? this.cache?.get(reference) : undefined;
    const pending = known ? Promise.resolve(known) : this.gate(() => this.describeNow(key));
    this.described.set(key, pending);
    if (revision === undefined) {
      // Once the latest revision is known, an ARN naming it later must not be described a second time.
      void pending.then((found) => {
        if ('undescribable' in found) return;
        const exact = `${found.family}:${found.revision}`;
        if (!this.described.has(exact)) this.described.set(exact, pending);
      }, () => undefined);
    }
    return pending;
  }

  private async describeNow(key: string): Promise<DescribedTaskDefinition | Undescribable> {
    const answer = await read(`DescribeTaskDefinition ${key}`, async () => {
      try {
        return await this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: key }));
      } catch (error) {
        // Only a pinned revision: a family alone names its latest ACTIVE revision, which a catalogue must find.
        if (key.includes(':') && isUndescribable(error)) return { undescribable: true as const, cause: error };
        throw error;
      }
    });
    if ('undescribable' in answer) return answer;
    const definition = answer.taskDefinition;
    if (!definition?.family || definition.revision === undefined) {
      throw new LiveSourceError('ecs', `DescribeTaskDefinition ${key}`, { cause: new Error('the answer names no task definition') });
    }
    const described = {
      family: definition.family,
      revision: definition.revision,
      containers: (definition.containerDefinitions ?? []).map((container) => ({ name: container.name, image: container.image })),
    };
    if (definition.status === 'ACTIVE' && definition.taskDefinitionArn) this.cache?.put(definition.taskDefinitionArn, described);
    return described;
  }
}

/** Only the documented answer: ClientException with ECS's own message; AccessDenied, throttling and the rest fail. */
function isUndescribable(error: unknown): boolean {
  return error instanceof ClientException && /^Unable to describe task definition\.?$/.test(error.message);
}
