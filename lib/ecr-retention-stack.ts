import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { readDeploymentContext } from './deployment-context';
import { EcrRetention } from './ecr-retention';

/**
 * One per account, covering the regions of its `regions` context (its own by default). Environment-agnostic unless
 * CDK_DEFAULT_ACCOUNT/REGION are set by the CLI, so `cdk synth` works offline; every ARN is built from the
 * deploy-time account, region and partition.
 */
export class EcrRetentionStack extends Stack {
  public readonly retention: EcrRetention;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'ecr-retention: deletes Amazon ECR images that nothing can still pull.',
      ...props,
    });
    const context = readDeploymentContext(this.node);
    this.retention = new EcrRetention(this, 'EcrRetention', {
      notifyEmail: context.notifyEmail,
      schedule: context.schedule,
      configPath: context.configPath,
      eksClusters: context.eksClusters,
      ...(context.deletableRepositories ? { deletableRepositories: context.deletableRepositories } : {}),
      ...(context.reservedConcurrency === undefined ? {} : { reservedConcurrency: context.reservedConcurrency }),
      ...(context.regions ? { regions: context.regions } : {}),
      ...(context.exchange ? { exchange: context.exchange } : {}),
    });
  }
}
