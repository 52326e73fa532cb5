/**
 * The AWS calls the cleaner's real pipeline makes: the handler's composition root, its run lease and run(), over real SDK clients,
 * against the emulated demo account, once in plan mode and once in delete mode, with the deletion journal and the
 * SNS report. The Kubernetes API calls of the EKS source go to the Kubernetes emulator: EKS access entries authorize
 * them, not the role's IAM policy, so they are not among the calls counted here.
 */
import { DEMO_JOURNAL, DEMO_PRINCIPAL, DEMO_REGION, startDemoEnvironment, type DemoEnvironment } from '../../demo/environment';
import { whileHolding } from '../../lambda/adapters/s3/run-lease';
import { StderrTelemetry } from '../../lambda/adapters/telemetry/stderr';
import { run } from '../../lambda/run';
import { buildDependencies, buildRunLease } from '../../lambda/wiring';
import { giveEveryCallSomethingToRead } from './exercised-account';
import type { AccountModel } from '../../emulator/aws/account';
import type { ObservedCalls } from './iam-actions';
import type { RunLocations } from './iam-requests';

/** As the stack names it (lib/journal-bucket.ts); test code may read both sides. */
const LEASE_KEY = 'lease/run.json';
const STATE_PREFIX = 'state/';
const REPORT_PREFIX = 'reports/';

interface RunSpec {
  readonly runId: string;
  /** Rewrites the demo's settings document for this run. */
  readonly settings: (document: string) => string;
  readonly outcome: string;
}

/** Plan mode reads every ECS cluster (`"*"`: ListClusters), delete mode names its cluster (DescribeClusters). */
const RUNS: readonly RunSpec[] = [
  { runId: 'iam-plan', settings: (document) => document, outcome: 'planned' },
  {
    runId: 'iam-delete',
    settings: (document) => replaceOnce(replaceOnce(document, 'mode: plan', 'mode: delete'), 'ecs: { clusters: ["*"]', 'ecs: { clusters: ["prod"]'),
    outcome: 'deleted',
  },
];

/** The calls, the account they read (names for the resource ARNs), and where the run kept its objects. */
export interface ObservedRun extends ObservedCalls {
  readonly account: AccountModel;
  readonly locations: RunLocations;
}

export async function observeRunCalls(now: number): Promise<ObservedRun> {
  const world = await startDemoEnvironment({ now });
  try {
    giveEveryCallSomethingToRead(world.aws.account, now);
    const demoSettings = settingsParameter(world).value;
    for (const spec of RUNS) {
      settingsParameter(world).value = spec.settings(demoSettings);
      await runOnce(world, spec);
    }
    const written = Object.keys(world.aws.account.s3?.buckets[DEMO_JOURNAL.bucket] ?? {});
    const stateKeys = written.filter((key) => key.startsWith(STATE_PREFIX) || key.startsWith(REPORT_PREFIX));
    if (!stateKeys.some((key) => key.startsWith(STATE_PREFIX)) || !stateKeys.some((key) => key.startsWith(REPORT_PREFIX))) {
      throw new Error('the runs wrote no state or no report page: the observation would miss their calls');
    }
    const locations = { bucket: DEMO_JOURNAL.bucket, journalKey: DEMO_JOURNAL.key, leaseKey: LEASE_KEY, stateKeys, topicArn: world.env.TOPIC_ARN, configPath: world.env.CONFIG_PATH };
    return { operations: new Set(world.aws.calls.keys()), errorAnswers: new Set(world.aws.errors.keys()), account: world.aws.account, locations };
  } finally {
    await world.close();
  }
}

/** A run that stopped short would make fewer calls than the function needs: it fails the observation instead. */
async function runOnce(world: DemoEnvironment, spec: RunSpec): Promise<void> {
  const { accessKeyId, secretAccessKey } = DEMO_PRINCIPAL;
  const clients = { region: DEMO_REGION, endpoint: world.aws.url, credentials: { accessKeyId, secretAccessKey }, fixedBackoffMs: 10 };
  const lease = buildRunLease({ clients, bucket: DEMO_JOURNAL.bucket, key: LEASE_KEY, durationMs: 20 * 60_000 });
  const leased = await whileHolding(lease, spec.runId, async () => run(await buildDependencies({
    clients,
    configPath: world.env.CONFIG_PATH,
    topicArn: world.env.TOPIC_ARN,
    state: { bucket: DEMO_JOURNAL.bucket, prefix: STATE_PREFIX, legacyJournalKey: DEMO_JOURNAL.key },
    reportBucket: DEMO_JOURNAL.bucket,
    telemetry: new StderrTelemetry(false),
    runId: spec.runId,
  })));
  if (leased.kind !== 'ran') throw new Error(`run ${spec.runId} found the lease held by ${leased.holder.runId}`);
  const report = leased.value;
  if (report.outcome !== spec.outcome) {
    throw new Error(`run ${spec.runId} ended ${report.outcome}, not ${spec.outcome}: ${JSON.stringify({ errors: report.errors, blockers: report.blockers })}`);
  }
}

function settingsParameter(world: DemoEnvironment) {
  const settings = world.aws.account.ssm.parameters.find((parameter) => parameter.name.endsWith('settings'));
  if (!settings) throw new Error('the demo config has no settings document');
  return settings;
}

/** A rewrite that no longer matches the demo's settings would silently run the demo's own config. */
function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the demo settings no longer contain ${from}`);
  return text.replace(from, to);
}
