/**
 * The compiled, validated configuration as the planner sees it. `lambda/config` builds it from documents;
 * the patterns it holds are compiled once and match the whole tag (anchoring is done at compile time).
 */

/** A compiled tag regex. Implementations must run in time linear in the tag (see lambda/config/pattern.ts). */
export interface TagPattern {
  /** The regex as the user wrote it, for reasons and reports. */
  readonly source: string;
  /** Named capture groups, in the order they appear in the regex. */
  readonly groupNames: readonly string[];
  matches(tag: string): boolean;
  /** Named captures of a matching tag; undefined when the tag does not match. */
  capture(tag: string): Readonly<Record<string, string>> | undefined;
}

/** `keep` conditions, OR'ed. Durations in milliseconds. */
export interface KeepConditions {
  readonly newest?: number;
  readonly pushedWithinMs?: number;
  readonly pulledWithinMs?: number;
}

export type OrderBy = 'pushedAt' | 'pulledAt' | 'version' | 'taggedAt';

export interface Lineage {
  readonly name: string;
  readonly tags: TagPattern;
  readonly orderBy: OrderBy;
  /** A named capture of `tags`: ranking happens per captured value. */
  readonly groupBy?: string;
  readonly keep: KeepConditions;
}

export type UntaggedRule =
  | { readonly kind: 'keep' }
  | { readonly kind: 'expire' }
  | { readonly kind: 'keep-if'; readonly keep: KeepConditions };

export interface Policy {
  readonly name: string;
  /** The config document (SSM parameter) that defines it, for warnings and reports. */
  readonly document: string;
  /** Repository globs as written: `*` stays in one path segment, `**` crosses segments. */
  readonly repositories: readonly string[];
  readonly governs: (repository: string) => boolean;
  readonly protect: readonly TagPattern[];
  readonly lineages: readonly Lineage[];
  readonly untagged: UntaggedRule;
  readonly unmatched: 'keep' | 'expire';
}

export type Mode = 'plan' | 'delete';
export type NotifyLevel = 'always' | 'changes' | 'errors';

/** A custom resource to list in every cluster, and where its objects hold pod specs. */
export interface CustomResourceSetting {
  readonly group: string;
  readonly version: string;
  /** The plural resource name, as in the API path (`rollouts`). */
  readonly resource: string;
  /** Dotted paths from the object to each pod spec (`spec.template.spec`); `[]` after a key walks every element. */
  readonly podSpecs: readonly string[];
}

export interface LiveSettings {
  /** Undefined: the source is not collected. `["*"]`: every cluster in the region. */
  readonly ecs?: { readonly clusters: readonly string[]; readonly keepTaskDefinitionRevisions: number };
  /**
   * `podTemplates`: also list core/v1 PodTemplates, which AmazonEKSViewPolicy does not grant (opt-in, extra RBAC).
   * `customResources`: custom resources whose objects carry pod specs (Argo Rollouts, Knative, KEDA ScaledJobs…).
   */
  readonly eks?: {
    readonly clusters: readonly string[];
    readonly podTemplates?: boolean;
    readonly customResources?: readonly CustomResourceSetting[];
  };
  readonly lambda: boolean;
  readonly batch: boolean;
}

export interface Settings {
  readonly mode: Mode;
  readonly gracePeriodMs: number;
  readonly maxDeletionsPerRun: number;
  /** A digest is deleted only once it has been a deletion candidate on every run for this long (0: at once). */
  readonly deletionDelayMs?: number;
  readonly live: LiveSettings;
  readonly notify: { readonly email: NotifyLevel };
  /** The regions a run covers: a list, every enabled region (`all`), or, absent, the deployment's default. */
  readonly regions?: readonly string[] | 'all';
  /** Absent: no exchange settings (the deployment's bucket, if any, is still written and read). */
  readonly exchange?: ExchangeSettings;
  /** GetLifecyclePolicy calls per region per run (core/coexistence.ts); 0: none. Absent: the default (config/compile). */
  readonly lifecyclePolicyChecks?: number;
}

export interface ExchangeSettings {
  /** Absent: the bucket the deployment names (EXCHANGE_BUCKET). */
  readonly bucket?: string;
  readonly expect: readonly string[];
  readonly maxAgeMs: number;
}

export interface RetentionConfig {
  readonly settings: Settings;
  readonly policies: readonly Policy[];
}

/** The first policy whose globs match governs a repository; none means the repository is never touched. */
export function governingPolicy<P extends Pick<Policy, 'governs'>>(policies: readonly P[], repository: string): P | undefined {
  return policies.find((policy) => policy.governs(repository));
}

/**
 * The policies that govern none of the given repositories, in policy order: with first-match semantics, a policy
 * whose globs match only repositories an earlier policy already governs is as idle as one that matches nothing.
 */
export function policiesGoverningNothing<P extends Pick<Policy, 'governs'>>(policies: readonly P[], repositoryNames: Iterable<string>): P[] {
  const governing = new Set<P>();
  for (const repository of repositoryNames) {
    const policy = governingPolicy(policies, repository);
    if (policy !== undefined) governing.add(policy);
    if (governing.size === policies.length) break;
  }
  return policies.filter((policy) => !governing.has(policy));
}
