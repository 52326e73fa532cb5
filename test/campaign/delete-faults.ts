/**
 * Faults the emulator has no knob for, built around its ECR service rather than inside it: BatchDeleteImage that
 * fails some items (per-item `failures[]`, the rest deleted), and BatchDeleteImage whose deletions happen but whose
 * answer is lost (a 500 after the fact: the SDK retries a call that has already taken effect).
 */
import { AwsEmulatorError, type OperationContext, type ServiceDefinition } from '../../emulator/aws/service';
import { allServices } from '../../emulator/aws/services';

interface WireImageId {
  readonly imageDigest?: string;
  readonly imageTag?: string;
}

interface DeleteAnswer {
  readonly imageIds: unknown[];
  readonly failures: unknown[];
}

export class DeleteFaults {
  /** Probability that one item of a BatchDeleteImage call fails (KmsError) and is left in place. */
  itemFailureRate = 0;
  /** Probability that a BatchDeleteImage call deletes and then answers 500. */
  lostAnswerRate = 0;
  itemFailures = 0;
  lostAnswers = 0;

  constructor(private readonly random: () => number) {}

  clear(): void {
    this.itemFailureRate = 0;
    this.lostAnswerRate = 0;
  }

  /** Every emulated service, with ECR's BatchDeleteImage wrapped by these faults. */
  services(): readonly ServiceDefinition[] {
    return allServices.map((service) => (service.signingName === 'ecr' ? this.wrapEcr(service) : service));
  }

  private wrapEcr(ecr: ServiceDefinition): ServiceDefinition {
    const real = ecr.operations.BatchDeleteImage;
    if (!real) throw new Error('the emulated ECR has no BatchDeleteImage');
    const batchDeleteImage = (input: Record<string, unknown>, ctx: OperationContext): unknown => {
      const ids = Array.isArray(input.imageIds) ? (input.imageIds as WireImageId[]) : undefined;
      if (!ids || ids.length === 0 || ids.length > 100) return real(input, ctx); // the real validation answers
      const failing = ids.filter(() => this.random() < this.itemFailureRate);
      const attempted = ids.filter((id) => !failing.includes(id));
      const answer = (attempted.length > 0 ? real({ ...input, imageIds: attempted }, ctx) : { imageIds: [], failures: [] }) as DeleteAnswer;
      this.itemFailures += failing.length;
      if (this.random() < this.lostAnswerRate) {
        this.lostAnswers += 1;
        throw new AwsEmulatorError('InternalFailure', 'Injected: the deletions happened, the answer was lost', 500);
      }
      const injected = failing.map((imageId) => ({ imageId, failureCode: 'KmsError', failureReason: 'Injected per-item failure' }));
      return { imageIds: answer.imageIds, failures: [...answer.failures, ...injected] };
    };
    return { ...ecr, operations: { ...ecr.operations, BatchDeleteImage: batchDeleteImage } };
  }
}
