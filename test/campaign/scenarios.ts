/**
 * Fixed cases for the table of the jest suite: one account that exercises every rule (lineages, protected tags,
 * grace, archived, indexes, referrers, cosign signatures, live references from every source, an ungoverned
 * repository), a quiet fault plan to vary one fault at a time, and the two accounts of the interrupted-wave findings.
 */
import type { AccountSpec, ArtifactSpec } from './account-spec';
import { PATIENT } from './dependencies';
import { FAULTY_KUBE_TIMEOUT_MS, FAULTY_REQUEST_TIMEOUT_MS, type FaultPlan } from './fault-plan';
import { DAY, HOUR, MINUTE, type PolicySet, type UntaggedSetting } from './policy-set';

const artifact = (spec: Partial<ArtifactSpec>): ArtifactSpec => ({ index: false, tags: [], ageMs: 10 * DAY, archived: false, attachment: 'none', ...spec });

function policySet(appsUntagged: UntaggedSetting, unmatched: 'keep' | 'expire'): PolicySet {
  return {
    graceMinutes: 120,
    policies: [
      {
        name: 'apps', prefix: 'app/', protect: ['latest', 'prd'], untagged: appsUntagged, unmatched,
        lineages: [
          { name: 'mainline', tags: 'git-[0-9a-f]{8}', orderBy: 'pushedAt', newest: 1 },
          { name: 'releases', tags: 'rel-(?<major>\\d+)-(?<minor>\\d+)', orderBy: 'version', newest: 1 },
          { name: 'pull-requests', tags: 'pr-(?<branch>[a-z]+)-[0-9a-f]{7}', orderBy: 'pushedAt', groupBy: 'branch', newest: 1 },
        ],
      },
      { name: 'base', prefix: 'base/', protect: ['v\\d+'], untagged: 'expire', unmatched: 'expire', lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', orderBy: 'pushedAt', newest: 1 }] },
    ],
  };
}

/**
 * Untagged and unmatched images expire, so that an attachment a fault leaves behind is deleted by the next run as
 * the clean run deletes it. The clean run deletes 10 digests of two repositories, in two waves.
 */
export const RICH_ACCOUNT: AccountSpec = {
  policySet: policySet('expire', 'expire'),
  repositories: [
    {
      name: 'app/api',
      artifacts: [
        artifact({ tags: ['git'], ageMs: 3 * DAY, attachment: 'cosign' }),
        artifact({ tags: ['git'], ageMs: 9 * DAY, index: true, attachment: 'cosign' }),
        artifact({ tags: ['git', 'rel'], ageMs: 20 * DAY, index: true, attachment: 'referrer' }),
        artifact({ tags: ['rel'], ageMs: 30 * DAY }),
        artifact({ tags: ['pr', 'pr'], ageMs: 4 * DAY }),
        artifact({ tags: ['pr', 'other'], ageMs: 40 * DAY, index: true }),
        artifact({ tags: ['latest'], ageMs: 90 * DAY, index: true }),
        artifact({ ageMs: 50 * MINUTE }),
        artifact({ ageMs: 12 * DAY, pulledAgeMs: 30 * MINUTE }),
      ],
    },
    {
      name: 'base/os',
      artifacts: [
        artifact({ tags: ['git', 'v'], ageMs: 60 * DAY, index: true }),
        artifact({ tags: ['git'], ageMs: 2 * DAY, attachment: 'referrer' }),
        artifact({ tags: ['git'], ageMs: 5 * DAY, attachment: 'cosign' }),
        artifact({ tags: ['git'], ageMs: 7 * DAY, archived: true }),
        artifact({ ageMs: 3 * HOUR, index: true }),
      ],
    },
    { name: 'tools/ci', artifacts: [artifact({ tags: ['other'], ageMs: 200 * DAY }), artifact({ ageMs: 100 * DAY })] },
  ],
  references: [
    { placement: 'ecs-task', pick: 5, form: 'tag+digest' },
    { placement: 'ecs-service', pick: 10, form: 'tag' },
    { placement: 'ecs-task-definition', pick: 17, form: 'digest' },
    { placement: 'eks-pod', pick: 22, form: 'tag' },
    { placement: 'eks-cronjob', pick: 30, form: 'digest' },
    { placement: 'eks-replicaset', pick: 2, form: 'tag' },
    { placement: 'lambda', pick: 14, form: 'tag' },
    { placement: 'batch', pick: 26, form: 'missing' },
  ],
};

/**
 * No fault at all, small pages, and timeouts no loaded CI machine reaches: each row of the table changes one thing
 * (the rows with hangs shorten the timeouts with IMPATIENT).
 */
export const QUIET: FaultPlan = {
  seed: 7, awsPageSize: 2, awsThrottle: false, awsServerErrors: [], awsServerErrorRate: 0, awsHangs: 0, kube: [],
  deleteItemFailureRate: 0, lostAnswerRate: 0, profile: { ...PATIENT, kubePageSize: 2, maxAttempts: 8 },
};

export const IMPATIENT: FaultPlan['profile'] = { ...QUIET.profile, requestTimeoutMs: FAULTY_REQUEST_TIMEOUT_MS, kubeRequestTimeoutMs: FAULTY_KUBE_TIMEOUT_MS };

/** Impatient with AWS only: a Kubernetes list slower than the short timeout on a loaded machine is not the fault tested. */
export const AWS_IMPATIENT: FaultPlan['profile'] = { ...QUIET.profile, requestTimeoutMs: FAULTY_REQUEST_TIMEOUT_MS };

/**
 * `untagged: keep newest 1`; an index outside the mainline's newest 1 whose first child a running ECS task pins.
 * The first run deletes the index and keeps the pinned child, which from then on is a standalone untagged image —
 * newer than the untagged image the first run kept as the newest, which the next run therefore deletes.
 */
export const LIVE_CHILD_OF_DELETED_INDEX: AccountSpec = {
  policySet: policySet({ newest: 1 }, 'keep'),
  repositories: [{
    name: 'app/api',
    artifacts: [artifact({ tags: ['git'], ageMs: 2 * DAY }), artifact({ tags: ['git'], ageMs: 5 * DAY, index: true }), artifact({ ageMs: 10 * DAY })],
  }],
  references: [{ placement: 'ecs-task', pick: 2, form: 'digest' }],
};

/**
 * `untagged: keep` and `unmatched: keep` (the defaults); a signed index outside the mainline's newest 1. A run killed
 * once the index is deleted leaves its children (untagged) and its signature (tagged `sha256-….sig`, unmatched).
 */
export const SIGNED_INDEX_UNDER_DEFAULTS: AccountSpec = {
  policySet: policySet('keep', 'keep'),
  repositories: [{ name: 'app/api', artifacts: [artifact({ tags: ['git'], ageMs: 2 * DAY }), artifact({ tags: ['git'], ageMs: 5 * DAY, index: true, attachment: 'cosign' })] }],
  references: [],
};
