/**
 * The process killed in the middle of apply. The switch sits on the deleter's ECR client: once k digests have been
 * sent to BatchDeleteImage, the process is dead — the call that crossed k may have taken effect without its answer
 * arriving, and every later ECR call fails. The Deleter wrapper then throws instead of reporting, as a killed process
 * reports nothing; the next run starts from whatever state ECR was left in.
 */
import type { BatchDeleteImageCommandInput, ECRClient } from '@aws-sdk/client-ecr';
import type { DeletionOutcome } from '../../lambda/core/outcome';
import type { Deletion } from '../../lambda/core/plan';
import type { Deleter } from '../../lambda/ports';

export class ProcessKilled extends Error {
  override readonly name = 'ProcessKilled';
}

export class KillSwitch {
  private sent = 0;
  tripped = false;

  /**
   * @param afterDigests digests sent before the process dies (0: before the first call)
   * @param answerLost whether the answer of the call that crossed the limit is lost
   */
  constructor(readonly afterDigests: number, private readonly answerLost: boolean) {}

  /** Arms the switch on an ECR client. */
  install(ecr: ECRClient): void {
    ecr.middlewareStack.add((next, context) => async (args) => {
      if (this.tripped) throw new ProcessKilled(`process killed after ${this.sent} digests`);
      if (context.commandName !== 'BatchDeleteImageCommand') return next(args);
      if (this.sent >= this.afterDigests) {
        this.tripped = true;
        throw new ProcessKilled(`process killed after ${this.sent} digests`);
      }
      const result = await next(args);
      this.sent += (args.input as BatchDeleteImageCommandInput).imageIds?.length ?? 0;
      if (this.sent >= this.afterDigests) {
        this.tripped = true;
        if (this.answerLost) throw new ProcessKilled(`process killed after ${this.sent} digests, before the answer`);
      }
      return result;
    }, { step: 'initialize', name: 'campaignKillSwitch' });
  }
}

/** A Deleter that dies with the switch: it never reports an outcome once the switch tripped. */
export class KillableDeleter implements Deleter {
  constructor(private readonly inner: Deleter, private readonly killSwitch: KillSwitch) {}

  async delete(deletions: readonly Deletion[]): Promise<DeletionOutcome> {
    const outcome = await this.inner.delete(deletions);
    if (this.killSwitch.tripped) throw new ProcessKilled(`killed during apply (limit ${this.killSwitch.afterDigests} digests)`);
    return outcome;
  }
}
