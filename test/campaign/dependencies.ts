/**
 * RunDependencies for one run against a campaign world, composed as lambda/wiring.ts composes them but with the
 * campaign's client settings (few attempts, millisecond backoff, short request timeouts, small Kubernetes pages) and
 * the real EcrDeleter behind a kill switch. A fresh set per run: a restarted process shares nothing with the old one.
 */
import { BatchClient } from '@aws-sdk/client-batch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EKSClient } from '@aws-sdk/client-eks';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { BatchLiveSource } from '../../lambda/adapters/batch/source';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { EcrDeleter } from '../../lambda/adapters/ecr/deleter';
import { EcrInventory } from '../../lambda/adapters/ecr/inventory';
import { RecordingDeleter } from '../../lambda/adapters/ecr/recording-deleter';
import { EcsLiveSource } from '../../lambda/adapters/ecs/source';
import { EksLiveSource } from '../../lambda/adapters/eks/source';
import { LambdaLiveSource } from '../../lambda/adapters/lambda/source';
import { s3JournalClient } from '../../lambda/adapters/s3/journal-client';
import { S3StateStore } from '../../lambda/adapters/s3/state-store';
import { SsmConfigSource } from '../../lambda/adapters/ssm/config-source';
import type { Notifier, Telemetry } from '../../lambda/ports';
import type { RunDependencies } from '../../lambda/run';
import { REGION } from './account-builder';
import { CallerAccount } from '../../lambda/adapters/sts/caller-account';
import { KillableDeleter, type KillSwitch } from './kill-switch';
import { CAMPAIGN_JOURNAL, CAMPAIGN_PRINCIPAL, type CampaignWorld } from './world';

export interface ClientProfile {
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  readonly backoffMs: number;
  /** `limit` of each Kubernetes list page. */
  readonly kubePageSize: number;
  readonly kubeRequestTimeoutMs: number;
  readonly kubeRetries: number;
}

/** The profile of runs that must not fail: a clean run and the re-run after faults. */
export const PATIENT: ClientProfile = { maxAttempts: 4, requestTimeoutMs: 5_000, backoffMs: 1, kubePageSize: 500, kubeRequestTimeoutMs: 5_000, kubeRetries: 3 };

const SILENT: Telemetry = { info: () => undefined, warn: () => undefined, error: () => undefined, metric: () => undefined };
const NOWHERE: Notifier = { publish: async () => undefined };

export function campaignDependencies(world: CampaignWorld, profile: ClientProfile, now: number, killSwitch?: KillSwitch): RunDependencies {
  const credentials = { accessKeyId: CAMPAIGN_PRINCIPAL.accessKeyId, secretAccessKey: CAMPAIGN_PRINCIPAL.secretAccessKey };
  const config = () => commonClientConfig({
    region: REGION, endpoint: world.aws.url, credentials,
    maxAttempts: profile.maxAttempts, fixedBackoffMs: profile.backoffMs, requestTimeoutMs: profile.requestTimeoutMs,
  });
  const deleterEcr = new ECRClient(config());
  killSwitch?.install(deleterEcr);
  const deleter = new EcrDeleter({ ecr: deleterEcr });
  return {
    config: new SsmConfigSource({ client: new SSMClient(config()), path: '/ecr-retention/' }),
    inventory: new EcrInventory({ ecr: new ECRClient(config()), account: new CallerAccount(new STSClient(config())) }, { clock: () => now }),
    liveSources: {
      ecs: new EcsLiveSource({ ecs: new ECSClient(config()), events: new EventBridgeClient(config()), scheduler: new SchedulerClient(config()) }),
      eks: new EksLiveSource({
        eks: new EKSClient(config()), credentials, region: REGION, pageSize: profile.kubePageSize,
        requestTimeoutMs: profile.kubeRequestTimeoutMs, transientRetries: profile.kubeRetries, retryDelayMs: 1,
      }),
      lambda: new LambdaLiveSource({ client: new LambdaClient(config()) }),
      batch: new BatchLiveSource({ client: new BatchClient(config()) }),
    },
    deleter: killSwitch ? new KillableDeleter(deleter, killSwitch) : deleter,
    ...stateOf(s3JournalClient(config(), true)),
    recorder: new RecordingDeleter(),
    notifier: NOWHERE,
    telemetry: SILENT,
    clock: () => now,
    runId: 'campaign',
  };
}

/** The state as the stack keeps it: under `state/` in the journal's bucket, the old journal read until there is one. */
function stateOf(client: ReturnType<typeof s3JournalClient>): Pick<RunDependencies, 'state' | 'stateWriter'> {
  const store = new S3StateStore({ client, bucket: CAMPAIGN_JOURNAL.bucket, prefix: 'state/', homeRegion: REGION, legacyJournalKey: CAMPAIGN_JOURNAL.key });
  return { state: store, stateWriter: store };
}
