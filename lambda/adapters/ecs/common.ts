/**
 * What the ECS live source's parts share: one way to turn a failed call into a LiveSourceError (fail closed),
 * the intermediate "uses" (a task definition or service revision that something runs or may redeploy), and the
 * parsing of ARNs into the readable names that locations show.
 */
import type { LiveReference } from '../../core/model';
import { LiveSourceError } from '../common/errors';

/** Fan-out for per-cluster, per-service, per-bus and per-rule calls. */
export const FAN_OUT = 5;

/** A task definition that something runs or may launch; `where` says what, e.g. `ecs cluster/prod service/web deployment/ecs-svc/1`. */
export interface TaskDefinitionUse {
  /** An ARN (with or without revision), `family:revision` or a family. */
  readonly reference: string;
  readonly where: string;
  /** True when `where` already names the task definition (the family catalogue). */
  readonly namesDefinition?: boolean;
  /**
   * True when the use only launches new tasks (an EventBridge rule, a Scheduler schedule): a pinned revision ECS can
   * no longer describe cannot launch anything, which is a note, not a failure. Services and tasks already run theirs.
   */
  readonly launchesOnly?: boolean;
}

/** A service revision something runs or may redeploy; `role` says why, e.g. `current` or `source of deployment/x`. */
export interface RevisionUse {
  readonly arn: string;
  readonly role: string;
}

/** Runs one read; anything that still fails after the SDK's retries becomes a LiveSourceError naming `what`. */
export async function read<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof LiveSourceError) throw error;
    throw new LiveSourceError('ecs', what, { cause: error });
  }
}

/** A describe call must account for every identifier asked: a `failures[]` entry or a missing answer is an incomplete read. */
export function requireComplete(
  what: string,
  asked: number,
  answered: number,
  failures: readonly { arn?: string; reason?: string }[] | undefined,
): void {
  if (failures && failures.length > 0) {
    const detail = failures.map((failure) => `${failure.arn ?? '?'}: ${failure.reason ?? 'unknown'}`).join(', ');
    throw new LiveSourceError('ecs', what, { cause: new Error(`failures: ${detail}`) });
  }
  if (answered !== asked) {
    throw new LiveSourceError('ecs', what, { cause: new Error(`asked for ${asked}, answered ${answered}`) });
  }
}

export { chunk } from '../common/calls';

/** The last path segment of an ARN: a task id, a cluster or service name, a revision or deployment id. */
export function lastSegment(arnOrName: string): string {
  return arnOrName.split('/').pop() ?? arnOrName;
}

/** `arn:…:task-definition/web:7`, `web:7` or `web` ⇒ family and revision (absent: the latest ACTIVE one). */
/**
 * A task definition ARN with its revision: `arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision>`
 * (ECS API reference, TaskDefinition.taskDefinitionArn; a family has "up to 255 letters (uppercase and lowercase),
 * numbers, underscores, and hyphens"). Only such an ARN names one definition for good: what the cache keeps.
 */
export const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;

export function parseTaskDefinition(reference: string): { family: string; revision?: number } {
  const path = reference.startsWith('arn:') ? reference.slice(reference.indexOf(':task-definition/') + 17) : reference;
  const [family = '', revision] = path.split(':');
  return revision === undefined ? { family } : { family, revision: Number(revision) };
}

/** One reference per container that names an image; a bare digest stands in for a missing image string. */
export function containerReferences(
  containers: readonly { name?: string; image?: string; digest?: string }[],
  location: (container: string) => string,
): LiveReference[] {
  const references: LiveReference[] = [];
  for (const container of containers) {
    const image = container.image ?? container.digest;
    if (!image) continue;
    references.push({
      source: 'ecs',
      location: location(container.name ?? '?'),
      image,
      ...(container.digest ? { digest: container.digest } : {}),
    });
  }
  return references;
}
