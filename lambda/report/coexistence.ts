/**
 * The words every report uses for governed repositories that still have an ECR lifecycle policy
 * (core/coexistence.ts): the email says them once per run, the report page, the CLI's plan and its JSON carry them.
 */
import type { RegionCoexistence, TemplateCoexistence } from '../core/coexistence';
import { repositoryLabel } from '../core/plan-table';

export interface CoexistenceText {
  /** One sentence: how many, and what to do about it. */
  readonly headline: string;
  /** The repositories, each with its region when several are covered. */
  readonly repositories: readonly string[];
  /** How current the answers are, and why checks stopped. */
  readonly details: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * Undefined when there is nothing to say: no check ever answered and none failed (no checker: a snapshot from before
 * the checks, a test), or every governed repository is known to have no policy.
 */
export function coexistenceText(regions: readonly RegionCoexistence[] | undefined, now: number): CoexistenceText | undefined {
  if (!regions || regions.length === 0) return undefined;
  const several = regions.length > 1;
  const withPolicy = regions.flatMap((region) => region.withPolicy.map((found) => repositoryLabel(found.repository, region.region, several)));
  const governed = sum(regions, (region) => region.governed);
  const unknown = sum(regions, (region) => region.unknown);
  const errors = regions.flatMap((region) => (region.error !== undefined ? [`${several ? `${region.region}: ` : ''}lifecycle policy checks stopped: ${region.error}`] : []));
  const answered = governed - unknown > 0;
  const templates = regions.flatMap((region) => region.templates.map((template) => templateLine(template, several ? region.region : undefined)));
  if (errors.length === 0 && templates.length === 0 && (!answered || (withPolicy.length === 0 && unknown === 0))) return undefined;
  const headline = withPolicy.length === 0
    ? `No governed repository is known to have an ECR lifecycle policy${unknown > 0 ? ` (${unknown} of ${governed} not checked yet)` : ''}.`
    : `${withPolicy.length} of ${governed} governed ${governed === 1 ? 'repository still has' : 'repositories still have'} an ECR lifecycle policy: ECR applies it whatever this tool decides, and it can expire live images. `
      + 'Compare it (ecr-retention lifecycle compare), then remove it (README "Migrating from ECR lifecycle policies").';
  return { headline, repositories: withPolicy, details: [...templates, ...freshness(regions, now, unknown), ...errors] };
}

function templateLine(template: TemplateCoexistence, region: string | undefined): string {
  const which = template.prefix === 'ROOT' ? 'ROOT (every repository no other template covers)' : `"${template.prefix}"`;
  const covers = `${template.governed} governed ${template.governed === 1 ? 'repository is' : 'repositories are'} under it`;
  return `${region !== undefined ? `${region}: ` : ''}the repository creation template ${which} (${template.appliedFor.join(', ') || 'no scenario'}) gives a lifecycle policy to every repository ECR creates with it; ${covers}. `
    + 'Remove the policy from the template too (aws ecr update-repository-creation-template), or it comes back with each new repository.';
}

function freshness(regions: readonly RegionCoexistence[], now: number, unknown: number): string[] {
  const checked = sum(regions, (region) => region.checked);
  const oldest = regions.reduce<number | undefined>((min, region) => (region.oldestCheck !== undefined && (min === undefined || region.oldestCheck < min) ? region.oldestCheck : min), undefined);
  const age = oldest !== undefined && now - oldest >= 60_000 ? `; the oldest answer is ${((now - oldest) / DAY_MS).toFixed(1)} days old` : '';
  const pending = unknown > 0 ? `; ${unknown} governed ${unknown === 1 ? 'repository' : 'repositories'} not checked yet (settings.lifecyclePolicyChecks per run)` : '';
  return [`Checked this run: ${checked} ${checked === 1 ? 'repository' : 'repositories'}${age}${pending}.`];
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  return items.reduce((total, item) => total + count(item), 0);
}
