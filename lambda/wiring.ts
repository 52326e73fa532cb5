/**
 * The composition root shared by the Lambda handler and the CLI: one SDK client per service, all built with the
 * same retry/timeout settings, and every adapter the pipeline needs. Region and credentials come from the standard
 * chain unless given; endpoints from AWS_ENDPOINT_URL[_<SERVICE>] unless given.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { BatchClient } from '@aws-sdk/client-batch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { AccountRegionLister } from './adapters/account/region-lister';
import { BatchLiveSource } from './adapters/batch/source';
import { commonClientConfig, type ClientSettings, type CommonClientConfig } from './adapters/common/clients';
import { EcrDeleter } from './adapters/ecr/deleter';
import { EcrInventory } from './adapters/ecr/inventory';
import { EcrLifecyclePolicyChecker } from './adapters/ecr/lifecycle-checker';
import { EcrLifecyclePolicies } from './adapters/ecr/lifecycle-policies';
import { RecordingDeleter } from './adapters/ecr/recording-deleter';
import { RegionalDeleter } from './adapters/ecr/regional-deleter';
import { EcsLiveSource } from './adapters/ecs/source';
import { EksLiveSource } from './adapters/eks/source';
import { LambdaLiveSource } from './adapters/lambda/source';
import { S3ExchangeStore } from './adapters/s3/exchange-store';
import { S3ReportStore } from './adapters/s3/report-store';
import { S3StateStore } from './adapters/s3/state-store';
import { S3TaskDefinitionCache } from './adapters/s3/task-definition-cache';
import { S3RunLease } from './adapters/s3/run-lease';
import { SnsNotifier } from './adapters/sns/notifier';
import { SsmConfigSource } from './adapters/ssm/config-source';
import { CallerAccount } from './adapters/sts/caller-account';
import type { ConfigSource, Deleter, ExchangeAccess, Notifier, RegionalSources, StateStore, TaskDefinitionCache, Telemetry } from './ports';
import type { RunDependencies } from './run';

export interface WiringOptions {
  readonly clients: ClientSettings;
  /** Where the config comes from; SSM under `configPath` when absent. */
  readonly configSource?: ConfigSource;
  readonly configPath?: string;
  /** Where reports go; SNS to `topicArn` when absent. */
  readonly notifier?: Notifier;
  readonly topicArn?: string;
  /**
   * Where each region's state lives (journal, tag times, candidacies, the task-definition cache); without it runs read
   * none and write none (the CLI's default).
   */
  readonly state?: StateLocation;
  /** Write the state (the Lambda, the CLI's apply); a local plan only reads it. Default true. */
  readonly writeState?: boolean;
  /** The regions covered when the config names none (the stack's REGIONS); default: the client's region. */
  readonly regions?: readonly string[] | 'all';
  /** The exchange bucket the deployment names (EXCHANGE_BUCKET); `settings.exchange.bucket` overrides it. */
  readonly exchangeBucket?: string;
  /** Write this account's export every run (the Lambda); the CLI only reads the exchange. */
  readonly writeExport?: boolean;
  /** Write each run's report page to this bucket (the Lambda's, beside the state). */
  readonly reportBucket?: string;
  readonly telemetry: Telemetry;
  readonly runId: string;
  readonly clock?: () => number;
}

export interface StateLocation {
  readonly bucket: string;
  /** `state/`: each region's state is `<prefix><region>.json.gz`. */
  readonly prefix: string;
  /** The journal of a deployment from before the state (`journal/deletions.json`): read until the home region has a state. */
  readonly legacyJournalKey?: string;
}

/**
 * No state: nothing to read, nothing kept. A deleting run without one that stops between an index and its members
 * leaves the members to the untagged rule, and every tag is dated by its push.
 */
const NO_STATE: Pick<StateStore, 'read'> = { read: async () => new Map() };

export async function buildDependencies(options: WiringOptions): Promise<RunDependencies> {
  const credentials = options.clients.credentials ?? fromNodeProviderChain();
  const config = commonClientConfig({ ...options.clients, credentials });
  const homeRegion = await new ECRClient(config).config.region();
  const s3 = { config, endpointGiven: endpointOverridden(options.clients) };
  const { state: location } = options;
  const cacheIn = location ? (region: string) => new S3TaskDefinitionCache({ client: s3, bucket: location.bucket, prefix: location.prefix, region }) : undefined;
  const account = new CallerAccount(new STSClient(config));
  const adaptersIn = regionalAdapters(config, credentials, account, cacheIn);
  const home = adaptersIn(homeRegion);
  const state = location ? new S3StateStore({ client: s3, bucket: location.bucket, prefix: location.prefix, homeRegion, ...(location.legacyJournalKey ? { legacyJournalKey: location.legacyJournalKey } : {}) }) : undefined;
  const exchange: ExchangeAccess = {
    ...(options.exchangeBucket ? { defaultBucket: options.exchangeBucket } : {}),
    open: (bucket) => new S3ExchangeStore({ client: s3, bucket }),
  };
  return {
    config: options.configSource ?? new SsmConfigSource({ client: new SSMClient(config), path: options.configPath ?? '/ecr-retention/' }),
    ...home.sources,
    homeRegion,
    accountId: () => account.id(),
    ...(options.regions ? { defaultRegions: options.regions } : {}),
    regional: (region) => adaptersIn(region).sources,
    regionLister: new AccountRegionLister(new AccountClient(config)),
    exchange,
    ...(options.writeExport ? { exports: exchange } : {}),
    deleter: new RegionalDeleter((region) => adaptersIn(region).deleter),
    recorder: new RecordingDeleter(),
    state: state ?? NO_STATE,
    ...(state && options.writeState !== false ? { stateWriter: state } : {}),
    ...(options.reportBucket ? { reports: new S3ReportStore({ client: s3, bucket: options.reportBucket }) } : {}),
    notifier: options.notifier ?? snsNotifier(new SNSClient(config), options.topicArn),
    telemetry: options.telemetry,
    clock: options.clock ?? Date.now,
    runId: options.runId,
  };
}

interface RegionalAdapters {
  readonly sources: RegionalSources;
  readonly deleter: Deleter;
}

/** One set of clients and adapters per region, built on first use and shared by collect and act. */
function regionalAdapters(
  base: CommonClientConfig, credentials: NonNullable<ClientSettings['credentials']>, account: CallerAccount, cacheIn?: (region: string) => TaskDefinitionCache,
): (region: string) => RegionalAdapters {
  const built = new Map<string, RegionalAdapters>();
  return (region) => {
    let adapters = built.get(region);
    if (adapters) return adapters;
    const config = { ...base, region };
    const ecr = new ECRClient(config);
    adapters = {
      sources: {
        inventory: new EcrInventory({ ecr, account }),
        // Its own client: a throttled GetLifecyclePolicy must not slow the inventory down (adaptive retry is per client).
        lifecyclePolicies: new EcrLifecyclePolicyChecker(new EcrLifecyclePolicies(new ECRClient(config))),
        liveSources: {
          ecs: new EcsLiveSource({ ecs: new ECSClient(config), events: new EventBridgeClient(config), scheduler: new SchedulerClient(config) }, cacheIn ? { cache: cacheIn(region) } : {}),
          eks: new EksLiveSource({ eks: new EKSClient(config), credentials, region }),
          lambda: new LambdaLiveSource({ client: new LambdaClient(config) }),
          batch: new BatchLiveSource({ client: new BatchClient(config) }),
        },
      },
      deleter: new EcrDeleter({ ecr }),
    };
    built.set(region, adapters);
    return adapters;
  };
}

/**
 * The run lease, in the journal's bucket: the Lambda takes it around run() so that two invocations never overlap.
 * The CLI takes none (an operator's run is theirs to schedule).
 */
export function buildRunLease(options: { clients: ClientSettings; bucket: string; key: string; durationMs: number; clock?: () => number }): S3RunLease {
  const credentials = options.clients.credentials ?? fromNodeProviderChain();
  const config = commonClientConfig({ ...options.clients, credentials });
  return new S3RunLease({
    client: { config, endpointGiven: endpointOverridden(options.clients) },
    bucket: options.bucket,
    key: options.key,
    durationMs: options.durationMs,
    clock: options.clock ?? Date.now,
  });
}

/** An endpoint other than AWS's (emulator, LocalStack, MinIO) wants path-style S3 addressing: no bucket subdomains. */
function endpointOverridden(settings: ClientSettings): boolean {
  return Boolean(settings.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
}

function snsNotifier(client: SNSClient, topicArn: string | undefined): Notifier {
  if (!topicArn) throw new Error('TOPIC_ARN is not set: the report has nowhere to go');
  return new SnsNotifier({ client, topicArn });
}
