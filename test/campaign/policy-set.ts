/**
 * The campaign's policy set as plain data: rendered to the SSM documents the pipeline reads, and read again by the
 * oracle with its own regexes, so that what the invariants call "protected" or "kept by a lineage" does not come from
 * the code under test. Counts are drawn per case; the shapes are fixed (mainline by push time, releases by version,
 * pull requests per branch, protected tags, an untagged rule).
 */
import fc from 'fast-check';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface LineageRule {
  readonly name: string;
  /** Written without anchors; both the product and the oracle match the whole tag. */
  readonly tags: string;
  readonly orderBy: 'pushedAt' | 'version';
  readonly groupBy?: string;
  readonly newest: number;
}

export type UntaggedSetting = 'keep' | 'expire' | { readonly newest: number } | { readonly pushedWithinHours: number };

export interface PolicyRule {
  readonly name: string;
  /** Repository name prefix, rendered as the glob `<prefix>**`. */
  readonly prefix: string;
  readonly protect: readonly string[];
  readonly lineages: readonly LineageRule[];
  readonly untagged: UntaggedSetting;
  readonly unmatched: 'keep' | 'expire';
}

export interface PolicySet {
  readonly graceMinutes: number;
  readonly policies: readonly PolicyRule[];
}

/** The repositories a case may hold: two governed by `apps`, one by `base`, one by no policy. */
export const REPOSITORY_NAMES = ['app/api', 'app/web', 'base/os', 'tools/ci'] as const;

const untaggedArb: fc.Arbitrary<UntaggedSetting> = fc.oneof(
  fc.constantFrom<UntaggedSetting>('expire', 'keep'),
  fc.integer({ min: 1, max: 3 }).map((newest) => ({ newest })),
  fc.integer({ min: 1, max: 48 }).map((pushedWithinHours) => ({ pushedWithinHours })),
);

export const policySetArb: fc.Arbitrary<PolicySet> = fc.record({
  graceMinutes: fc.constantFrom(1, 30, 120, 1440),
  git: fc.integer({ min: 1, max: 3 }),
  rel: fc.integer({ min: 1, max: 3 }),
  pr: fc.integer({ min: 1, max: 2 }),
  baseGit: fc.integer({ min: 1, max: 2 }),
  appsUntagged: untaggedArb,
  baseUntagged: untaggedArb,
  unmatched: fc.constantFrom<'keep' | 'expire'>('keep', 'expire'),
}).map((d) => ({
  graceMinutes: d.graceMinutes,
  policies: [
    {
      name: 'apps', prefix: 'app/', protect: ['latest', 'prd'], untagged: d.appsUntagged, unmatched: d.unmatched,
      lineages: [
        { name: 'mainline', tags: 'git-[0-9a-f]{8}', orderBy: 'pushedAt', newest: d.git },
        { name: 'releases', tags: 'rel-(?<major>\\d+)-(?<minor>\\d+)', orderBy: 'version', newest: d.rel },
        { name: 'pull-requests', tags: 'pr-(?<branch>[a-z]+)-[0-9a-f]{7}', orderBy: 'pushedAt', groupBy: 'branch', newest: d.pr },
      ],
    },
    {
      name: 'base', prefix: 'base/', protect: ['v\\d+'], untagged: d.baseUntagged, unmatched: 'expire',
      lineages: [{ name: 'mainline', tags: 'git-[0-9a-f]{8}', orderBy: 'pushedAt', newest: d.baseGit }],
    },
  ],
}));

/** The SSM documents: settings (delete mode, every live source, a cap no case reaches) and one per policy. */
export function configDocuments(set: PolicySet): Record<string, string> {
  const documents: Record<string, string> = {
    '/ecr-retention/00-settings': JSON.stringify({
      settings: {
        mode: 'delete', gracePeriod: `${set.graceMinutes}m`, maxDeletionsPerRun: 10_000, notify: { email: 'errors' },
        live: { ecs: { clusters: ['*'], keepTaskDefinitionRevisions: 1 }, eks: { clusters: ['*'] }, lambda: true, batch: true },
      },
    }),
  };
  set.policies.forEach((policy, i) => {
    documents[`/ecr-retention/${10 + i}-${policy.name}`] = JSON.stringify({ policies: [renderPolicy(policy)] });
  });
  return documents;
}

function renderPolicy(policy: PolicyRule): Record<string, unknown> {
  return {
    name: policy.name,
    repositories: [`${policy.prefix}**`],
    protect: policy.protect,
    lineages: policy.lineages.map((l) => ({
      name: l.name, tags: l.tags, orderBy: l.orderBy, ...(l.groupBy ? { groupBy: l.groupBy } : {}), keep: { newest: l.newest },
    })),
    untagged: typeof policy.untagged === 'string' ? policy.untagged
      : 'newest' in policy.untagged ? { keep: { newest: policy.untagged.newest } }
        : { keep: { pushedWithin: `${policy.untagged.pushedWithinHours}h` } },
    unmatched: policy.unmatched,
  };
}

export function governingRule(set: PolicySet, repository: string): PolicyRule | undefined {
  return set.policies.find((policy) => repository.startsWith(policy.prefix));
}
