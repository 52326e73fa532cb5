/**
 * Coexistence with ECR lifecycle policies. A lifecycle policy left on a governed repository keeps expiring images
 * behind this tool's back, live ones included (ECR evaluates it on its own schedule, with no knowledge of workloads),
 * so every run says which governed repositories still have one.
 *
 * Knowing takes one GetLifecyclePolicy per repository: ECR has no call that lists the repositories with a policy, and
 * its quotas page gives no rate for GetLifecyclePolicy. A run therefore asks at most `budget` repositories per region
 * (settings.lifecyclePolicyChecks), those never asked first and then those asked longest ago, and the state remembers
 * every answer: a registry of N governed repositories is checked whole every ⌈N / budget⌉ runs, and the report says
 * how old the oldest answer is. Pure: the adapter asks, this decides whom and what is known.
 */
import type { CollectedRegion, CreationTemplate, LifecyclePolicyCheck } from './collected';
import { compareText } from './order';
import { governingPolicy, type Policy } from './policy';

export type { LifecyclePolicyCheck } from './collected';

/**
 * settings.lifecyclePolicyChecks' default, per region per run. ECR documents no rate for GetLifecyclePolicy; 500 asks
 * a registry of 2,000 governed repositories whole every 4 runs, 8 calls at a time.
 */
export const DEFAULT_LIFECYCLE_POLICY_CHECKS = 500;

/** The repositories some policy governs: the only ones whose lifecycle policy matters here. */
export function governedRepositories(names: readonly string[], policies: readonly Pick<Policy, 'governs'>[]): string[] {
  return names.filter((name) => governingPolicy(policies, name) !== undefined);
}

/** Repositories to ask this run, at most `budget`: never asked first (by name), then the longest ago. */
export function repositoriesToCheck(governed: readonly string[], previous: readonly LifecyclePolicyCheck[] | undefined, budget: number): string[] {
  if (budget <= 0) return [];
  const askedAt = new Map((previous ?? []).map((check) => [check.repository, check.checkedAt]));
  const never = governed.filter((repository) => !askedAt.has(repository)).sort(compareText);
  if (never.length >= budget) return never.slice(0, budget);
  const asked = governed.filter((repository) => askedAt.has(repository));
  asked.sort((a, b) => (askedAt.get(a) as number) - (askedAt.get(b) as number) || compareText(a, b));
  return [...never, ...asked.slice(0, budget - never.length)];
}

/**
 * What is known after this run, for the governed repositories that still exist: this run's answers over the previous
 * ones. A repository that left the registry or the policies drops out (the state only holds what still matters).
 */
export function knownChecks(governed: readonly string[], previous: readonly LifecyclePolicyCheck[] | undefined, answers: readonly LifecyclePolicyCheck[]): LifecyclePolicyCheck[] {
  const known = new Map((previous ?? []).map((check) => [check.repository, check]));
  for (const answer of answers) known.set(answer.repository, answer);
  return governed.flatMap((repository) => {
    const check = known.get(repository);
    return check ? [check] : [];
  });
}

/** One region's coexistence, as the report states it. */
export interface RegionCoexistence {
  readonly region: string;
  readonly governed: number;
  /** Repositories asked this run. */
  readonly checked: number;
  /** Governed repositories never asked yet: whether they have a policy is unknown. */
  readonly unknown: number;
  /** The oldest answer relied on (epoch ms); absent when none is known. */
  readonly oldestCheck?: number;
  /** Governed repositories whose last answer was "has a lifecycle policy", by name. */
  readonly withPolicy: readonly { readonly repository: string; readonly checkedAt: number }[];
  /** Repository creation templates whose lifecycle policy ECR gives the governed repositories it creates. */
  readonly templates: readonly TemplateCoexistence[];
  /** Why this run's checks stopped early (the rest keep their previous answers). */
  readonly error?: string;
}

/** A creation template with a lifecycle policy, and how many governed repositories are under its prefix. */
export interface TemplateCoexistence {
  readonly prefix: string;
  readonly appliedFor: readonly string[];
  readonly governed: number;
}

export interface CoexistenceInput {
  readonly region: string;
  readonly governed: readonly string[];
  readonly known: readonly LifecyclePolicyCheck[];
  readonly checked: number;
  readonly templates?: readonly CreationTemplate[];
  readonly error?: string;
}

/**
 * The templates with a lifecycle policy that cover governed repositories. A prefix covers the names under it ("There
 * is always an assumed / applied to the end of the prefix", CreateRepositoryCreationTemplate); ROOT covers "all
 * repositories in your registry that don't have an associated creation template". Which of two nested prefixes
 * (`prod`, `prod/team`) applies is not documented: both count, so a policy that may apply is reported.
 */
export function templatesWithPolicies(templates: readonly CreationTemplate[], governed: readonly string[]): TemplateCoexistence[] {
  const under = (prefix: string, name: string) => name.startsWith(`${prefix}/`);
  const named = templates.filter((template) => template.prefix !== 'ROOT');
  const covered = (template: CreationTemplate) => (template.prefix === 'ROOT'
    ? governed.filter((name) => !named.some((other) => under(other.prefix, name)))
    : governed.filter((name) => under(template.prefix, name))).length;
  return templates
    .filter((template) => template.hasLifecyclePolicy)
    .map((template) => ({ prefix: template.prefix, appliedFor: template.appliedFor, governed: covered(template) }))
    .filter((template) => template.governed > 0);
}

export function regionCoexistence(input: CoexistenceInput): RegionCoexistence {
  const { known } = input;
  const withPolicy = known.filter((check) => check.hasPolicy).map(({ repository, checkedAt }) => ({ repository, checkedAt }));
  withPolicy.sort((a, b) => compareText(a.repository, b.repository));
  const oldest = known.reduce<number | undefined>((min, check) => (min === undefined || check.checkedAt < min ? check.checkedAt : min), undefined);
  return {
    region: input.region,
    governed: input.governed.length,
    checked: input.checked,
    unknown: input.governed.length - known.length,
    ...(oldest !== undefined ? { oldestCheck: oldest } : {}),
    withPolicy,
    templates: templatesWithPolicies(input.templates ?? [], input.governed),
    ...(input.error !== undefined ? { error: input.error } : {}),
  };
}

/**
 * A region's coexistence as decided at `now` (this run's answers are dated by it), and what the next state keeps.
 * Undefined when the checks are switched off (settings.lifecyclePolicyChecks: 0): nothing is reported or kept.
 */
export function coexistenceOf(region: CollectedRegion, policies: readonly Pick<Policy, 'governs'>[], budget: number, now: number): { readonly known: LifecyclePolicyCheck[]; readonly coexistence: RegionCoexistence } | undefined {
  if (budget <= 0) return undefined;
  const governed = governedRepositories(region.inventory.repositories.map(({ name }) => name), policies);
  const answers = (region.lifecyclePolicies?.answers ?? []).map((answer) => ({ ...answer, checkedAt: now }));
  const known = knownChecks(governed, region.state?.lifecyclePolicies, answers);
  const { error, creationTemplates: templates } = region.lifecyclePolicies ?? {};
  const input = { region: region.inventory.region, governed, known, checked: answers.length, ...(templates ? { templates } : {}), ...(error !== undefined ? { error } : {}) };
  return { known, coexistence: regionCoexistence(input) };
}
