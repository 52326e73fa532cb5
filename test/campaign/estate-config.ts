/**
 * The config documents of an estate. The registry: delete mode, one policy over every repository (protected `prd`
 * and `latest`, a mainline keeping the newest N `git-…` tags, untagged and unmatched images expire) so that every
 * image no export references and no rule keeps is deleted, and the exchange expecting every workload account. A
 * workload account: its live sources and the exchange bucket (from the deployment), no policy.
 */
import { WORKLOAD_IDS, type EstateSpec } from './estate-spec';
import { configDocuments, type PolicySet } from './policy-set';

export const EXCHANGE_BUCKET = 'org-ecr-live';
const SETTINGS = '/ecr-retention/00-settings';
export const CONFIG_PATH = '/ecr-retention/';

/** EKS is off everywhere: the estate's workloads are ECS, Lambda and Batch (the single-account campaign covers EKS). */
const LIVE = { ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 1 }, eks: false, lambda: true, batch: true } as const;

export function registryPolicySet(spec: Pick<EstateSpec, 'graceMinutes' | 'mainlineNewest'>): PolicySet {
  return {
    graceMinutes: spec.graceMinutes,
    policies: [{
      name: 'registry', prefix: '', protect: ['prd', 'latest'], untagged: 'expire', unmatched: 'expire',
      lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', orderBy: 'pushedAt', newest: spec.mainlineNewest }],
    }],
  };
}

/** The expected accounts: exactly the workload accounts of this estate. */
export function expectedAccounts(spec: EstateSpec): string[] {
  return spec.workloads.map((_, i) => WORKLOAD_IDS[i] as string);
}

export function registryDocuments(spec: EstateSpec): Record<string, string> {
  // The policy documents as the single-account campaign renders them; only the settings are the registry's own.
  return {
    ...configDocuments(registryPolicySet(spec)),
    [SETTINGS]: JSON.stringify({
      settings: {
        mode: 'delete', gracePeriod: `${spec.graceMinutes}m`, maxDeletionsPerRun: 10_000, notify: { email: 'errors' }, live: LIVE,
        exchange: { bucket: EXCHANGE_BUCKET, expect: expectedAccounts(spec), maxAge: `${spec.maxAgeHours}h` },
      },
    }),
  };
}

export function workloadDocuments(): Record<string, string> {
  return { [SETTINGS]: JSON.stringify({ settings: { mode: 'delete', notify: { email: 'errors' }, live: LIVE } }) };
}
