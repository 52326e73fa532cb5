/**
 * The Lambda entry point: builds the adapters from the environment and runs the pipeline once. Thin on purpose.
 * A run that fails (or whose report cannot be published) throws, so the function's Errors alarm fires too.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { PowertoolsTelemetry } from './adapters/telemetry/powertools';
import { run } from './run';
import { buildDependencies } from './wiring';

const logger = new Logger({ serviceName: 'ecr-retention' });
const metrics = new Metrics({ namespace: 'EcrRetention', serviceName: 'ecr-retention' });

export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

export interface HandlerResult {
  readonly runId: string;
  readonly outcome: string;
  /** Digests the plan would delete, and digests actually deleted (0 unless the outcome is `deleted`). */
  readonly plannedDeletions: number;
  readonly deletions: number;
  readonly missingLiveImages: number;
}

/**
 * The stack always sets both; a function without them is misdeployed, and must not delete without its journal (a run
 * stopped mid-way could then not be finished by the next).
 */
function journalFromEnvironment(): { bucket: string; key: string } {
  const { JOURNAL_BUCKET: bucket, JOURNAL_KEY: key } = process.env;
  if (!bucket || !key) throw new Error('JOURNAL_BUCKET and JOURNAL_KEY must be set: the deletion journal has nowhere to go');
  return { bucket, key };
}

export const handler = async (_event: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<HandlerResult> => {
  const runId = context?.awsRequestId ?? randomUUID();
  logger.appendKeys({ runId });
  try {
    const dependencies = await buildDependencies({
      clients: {},
      configPath: process.env.CONFIG_PATH,
      topicArn: process.env.TOPIC_ARN,
      journal: journalFromEnvironment(),
      telemetry: new PowertoolsTelemetry(logger, metrics),
      runId,
    });
    const report = await run(dependencies);
    if (report.outcome === 'failed') throw new RunFailedError(`run ${runId} failed: ${report.errors.join('; ')}`);
    const deletions = report.deletion?.kind === 'performed' ? report.deletion.deleted.length : 0;
    return { runId, outcome: report.outcome, plannedDeletions: report.plan?.deletions.length ?? 0, deletions, missingLiveImages: report.missing.length };
  } finally {
    metrics.publishStoredMetrics();
  }
};
