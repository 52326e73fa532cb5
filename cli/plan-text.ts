/** A plan for a person: one table per repository (the Lambda's plan table), totals, missing live images. */
import { push } from '../lambda/core/arrays';
import type { MissingLiveImage } from '../lambda/core/model';
import { formatBytes, renderPlanTable, repositoryLabel } from '../lambda/core/plan-table';
import { bytesOf } from '../lambda/core/summary';
import type { Decision } from '../lambda/core/plan';
import type { PlanView } from './plan-view';

export function renderPlanText(view: PlanView): string {
  const sections = [planHeading(view)];
  const several = view.region.includes(',');
  for (const decisions of byRepository(view.plan.decisions).values()) {
    const first = decisions[0] as Decision;
    sections.push(`${repositoryHeading(repositoryLabel(first.repository, first.region, several), decisions)}\n${renderPlanTable(decisions, { now: view.plannedAt })}`);
  }
  if (view.plan.decisions.length === 0) sections.push('No governed repository to plan.');
  sections.push(totals(view));
  if (view.missing.length > 0) sections.push(missingSection(view.missing));
  return sections.join('\n\n');
}

export function planHeading(view: PlanView): string {
  return `Plan for account ${view.accountId}, ${view.region.includes(',') ? 'regions' : 'region'} ${view.region}, as of ${new Date(view.plannedAt).toISOString()}`;
}

function repositoryHeading(repository: string, decisions: readonly Decision[]): string {
  const deleted = decisions.filter((decision) => decision.action === 'delete');
  const bytes = deleted.reduce((sum, decision) => sum + bytesOf(decision.image), 0);
  const policy = decisions[0]?.policy ?? '?';
  return `${repository} (policy ${policy}): ${plural(decisions.length, 'image', 'images')}, ${decisions.length - deleted.length} kept, ${deleted.length} to delete (${formatBytes(bytes)})`;
}

export function totals(view: PlanView): string {
  const summary = view.plan.summary;
  const lines = [
    `Totals: ${plural(summary.governedRepositories, 'governed repository', 'governed repositories')}, ${plural(summary.images, 'image', 'images')}: ${summary.kept} kept, ${summary.deleted} to delete (${formatBytes(summary.bytesDeleted)}).`,
  ];
  if (view.plan.ungovernedRepositories.length > 0) {
    lines.push(`Governed by no policy, never touched: ${view.plan.ungovernedRepositories.join(', ')}`);
  }
  return lines.join('\n');
}

export function missingSection(missing: readonly MissingLiveImage[]): string {
  const several = new Set(missing.map((m) => m.region)).size > 1;
  const lines = missing.map((m) => `  ${m.reference.location} -> ${m.reference.image} (no such ${m.digest ? 'digest' : 'tag'} in ${repositoryLabel(m.repository, m.region, several)})`);
  return [`Missing live images (${missing.length}): referenced, but not in the registry; they will fail to pull`, ...lines].join('\n');
}

function byRepository(decisions: readonly Decision[]): Map<string, Decision[]> {
  const groups = new Map<string, Decision[]>();
  for (const decision of decisions) push(groups, `${decision.region} ${decision.repository}`, decision);
  return groups;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
