/**
 * The Lambda entry point: takes the run lease, builds the adapters from the environment and runs the pipeline once.
 * Thin on purpose. A run that fails (or whose report cannot be published), and a lease S3 cannot answer for, throw,
 * so the function's Errors alarm fires; a lease held by another run is an answer, not a failure (outcome `skipped`).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { whileHolding, type LeaseHolder } from './adapters/s3/run-lease';
import { PowertoolsTelemetry } from './adapters/telemetry/powertools';
import { run } from './run';
import { buildDependencies, buildRunLease } from './wiring';

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
  /** Set when another run held the lease: this one did nothing (outcome `skipped`). */
  readonly leaseHeldBy?: string;
  readonly leaseHeldUntil?: string;
}

/** Where the lease lives unless the stack says otherwise (it always does); the function's timeout if Lambda gives none. */
const DEFAULT_LEASE_KEY = 'lease/run.json';
/** Each region's state, beside the journal and the lease (the stack grants exactly this prefix). */
const DEFAULT_STATE_PREFIX = 'state/';
const DEFAULT_REMAINING_MS = 15 * 60_000;
/** Beyond the run's own end: clock skew between invocations, and the release call itself. */
const LEASE_MARGIN_MS = 5 * 60_000;

/**
 * The stack always sets both; a function without them is misdeployed, and must not delete without its journal (a run
 * stopped mid-way could then not be finished by the next).
 */
function journalFromEnvironment(): { bucket: string; key: string } {
  const { JOURNAL_BUCKET: bucket, JOURNAL_KEY: key } = process.env;
  if (!bucket || !key) throw new Error('JOURNAL_BUCKET and JOURNAL_KEY must be set: the deletion journal has nowhere to go');
  return { bucket, key };
}

export const handler = async (_event: unknown, context?: Pick<Context, 'awsRequestId'> & Partial<Pick<Context, 'getRemainingTimeInMillis'>>): Promise<HandlerResult> => {
  const runId = context?.awsRequestId ?? randomUUID();
  logger.appendKeys({ runId });
  try {
    const journal = journalFromEnvironment();
    const lease = buildRunLease({
      clients: {}, bucket: journal.bucket, key: process.env.LEASE_KEY || DEFAULT_LEASE_KEY,
      durationMs: (context?.getRemainingTimeInMillis?.() ?? DEFAULT_REMAINING_MS) + LEASE_MARGIN_MS,
    });
    // A lease S3 cannot answer for throws here: the run fails closed, before collecting anything.
    const leased = await whileHolding(lease, runId, () => runOnce(runId, journal));
    return leased.kind === 'ran' ? leased.value : skipped(runId, leased.holder);
  } finally {
    metrics.publishStoredMetrics();
  }
};

async function runOnce(runId: string, journal: { bucket: string; key: string }): Promise<HandlerResult> {
  const dependencies = await buildDependencies({
    clients: {},
    configPath: process.env.CONFIG_PATH,
    topicArn: process.env.TOPIC_ARN,
    state: { bucket: journal.bucket, prefix: process.env.STATE_PREFIX || DEFAULT_STATE_PREFIX, legacyJournalKey: journal.key },
    ...regionsFromEnvironment(),
    ...(process.env.EXCHANGE_BUCKET ? { exchangeBucket: process.env.EXCHANGE_BUCKET } : {}),
    writeExport: true,
    reportBucket: journal.bucket,
    telemetry: new PowertoolsTelemetry(logger, metrics),
    runId,
  });
  const report = await run(dependencies);
  if (report.outcome === 'failed') throw new RunFailedError(`run ${runId} failed: ${report.errors.join('; ')}`);
  const deletions = report.deletion?.kind === 'performed' ? report.deletion.deleted.length : 0;
  return { runId, outcome: report.outcome, plannedDeletions: report.plan?.deletions.length ?? 0, deletions, missingLiveImages: report.missing.length };
}

/** REGIONS (the stack's `regions`): `*` or a comma-separated list; the config's `settings.regions` overrides it. */
function regionsFromEnvironment(): { regions?: readonly string[] | 'all' } {
  const text = process.env.REGIONS?.trim();
  if (!text) return {};
  if (text === '*') return { regions: 'all' };
  return { regions: text.split(',').map((region) => region.trim()).filter(Boolean) };
}

/** Another run is going on: normal (a manual invoke next to the schedule), so no alarm, but a line that says so. */
function skipped(runId: string, holder: LeaseHolder): HandlerResult {
  const until = new Date(holder.expiresAt).toISOString();
  logger.info(`another run (${holder.runId}) holds the lease until ${until}: this run does nothing`, { leaseHeldBy: holder.runId, leaseHeldUntil: until });
  return { runId, outcome: 'skipped', plannedDeletions: 0, deletions: 0, missingLiveImages: 0, leaseHeldBy: holder.runId, leaseHeldUntil: until };
}
