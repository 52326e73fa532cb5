/**
 * One emulated region serving one campaign account: the AWS emulator (with the campaign's delete faults around its
 * ECR) and a Kubernetes emulator holding the EKS cluster, both seeded from the case, plus the config documents in SSM.
 * A world is cheap (two local servers; the TLS certificates are made once and shared), so every run sequence gets
 * its own, loaded with a deep copy of the account.
 */
import { seededRandom } from '../../emulator/aws/limits';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import type { TestCertificates } from '../../emulator/k8s/certificates';
import type { EmulatedPrincipal } from '../../emulator/k8s/eks-token-verifier';
import { startK8sEmulator, type K8sEmulator } from '../../emulator/k8s/server';
import { CAMPAIGN_ROLE_ARN, CLUSTER, type CampaignAccount } from './account-builder';
import { DeleteFaults } from './delete-faults';
import { stateOf, type EcrState } from './invariants';
import { configDocuments } from './policy-set';

export const CAMPAIGN_PRINCIPAL: EmulatedPrincipal = { accessKeyId: 'AKIDCAMPAIGN', secretAccessKey: 'campaign-secret', arn: CAMPAIGN_ROLE_ARN };

/** Where the campaign's runs keep their deletion journal: each world has its own bucket, empty at the start. */
export const CAMPAIGN_JOURNAL = { bucket: 'ecr-retention-journal', key: 'journal/deletions.json' } as const;

export interface WorldOptions {
  readonly seed: number;
  readonly certificates: TestCertificates;
  /** Forced page size of the emulated AWS list APIs. */
  readonly awsPageSize: number;
  /** How long an injected AWS hang holds the connection (the client's request timeout should be shorter). */
  readonly hangMs: number;
}

export interface CampaignWorld {
  readonly aws: AwsEmulator;
  readonly k8s: K8sEmulator;
  readonly deleteFaults: DeleteFaults;
  close(): Promise<void>;
}

export async function startWorld(account: CampaignAccount, options: WorldOptions): Promise<CampaignWorld> {
  const k8s = await startK8sEmulator({
    clusters: [structuredClone(account.cluster)], principals: [CAMPAIGN_PRINCIPAL], pageSize: 500,
    certificates: options.certificates, seed: options.seed,
  });
  const model = structuredClone(account.aws);
  model.eks.clusters = [k8s.eksCluster(CLUSTER)];
  model.ssm.parameters = Object.entries(configDocuments(account.spec.policySet)).map(([name, value]) => ({ name, value, type: 'String' as const }));
  model.s3 = { buckets: { [CAMPAIGN_JOURNAL.bucket]: {} } };
  const deleteFaults = new DeleteFaults(seededRandom(options.seed ^ 0x5eed));
  const aws = await startAwsEmulator({
    account: model, pageSize: options.awsPageSize, quotas: {}, seed: options.seed, hangMs: options.hangMs, services: deleteFaults.services(),
  });
  return { aws, k8s, deleteFaults, close: async () => void (await Promise.all([aws.close(), k8s.close()])) };
}

/** Every image the world's ECR holds now, with its tags. */
export function ecrState(world: CampaignWorld): EcrState {
  return stateOf(world.aws.account.ecr.repositories);
}
