/**
 * `lifecycle compare` for a person: per repository with a lifecycle policy, what the policy would expire or archive
 * and what ecr-retention does with each of those images (LIVE with the workloads that pull it, PROTECTED, KEPT with
 * its reasons, DELETED too, or UNGOVERNED), then the repositories without a policy and the totals.
 */
import type { ComparedImage } from '../lambda/core/lifecycle/compare';
import { ruleLabel } from '../lambda/core/lifecycle/policy';
import { repositoryLabel } from '../lambda/core/plan-table';
import { formatAge, shortDigest } from '../lambda/core/reasons';
import { totalsOf, type LifecycleComparison, type RepositoryReport } from './lifecycle-compare-view';

const HEADERS = ['RESULT', 'DIGEST', 'TAGS', 'AGE', 'LIFECYCLE', 'ECR-RETENTION'] as const;

export function renderComparisonText(comparison: LifecycleComparison): string {
  const { view } = comparison;
  const several = view.region.includes(',');
  const sections = [`Lifecycle policies against the plan for account ${view.accountId}, ${several ? 'regions' : 'region'} ${view.region}, as of ${new Date(view.plannedAt).toISOString()}`];
  for (const report of comparison.repositories) sections.push(repositorySection(report, repositoryLabel(report.repository, report.region, several), view.plannedAt));
  if (comparison.repositories.length === 0) sections.push('No repository shown has a lifecycle policy.');
  if (comparison.withoutPolicy.length > 0) sections.push(`No lifecycle policy: ${comparison.withoutPolicy.map((r) => repositoryLabel(r.repository, r.region, several)).join(', ')}`);
  sections.push(totalsText(comparison));
  return sections.join('\n\n');
}

function repositorySection(report: RepositoryReport, label: string, now: number): string {
  const rules = `${report.rules.length} rule${report.rules.length === 1 ? '' : 's'}`;
  if (report.error !== undefined || !report.comparison) return `${label}: its lifecycle policy could not be evaluated: ${report.error ?? 'unknown error'}`;
  const { acted, deletedOnlyByTool, undetermined } = report.comparison;
  const lines = [`${label}: its lifecycle policy (${rules}) would ${actions(acted)} of ${report.images} image${report.images === 1 ? '' : 's'}${acted.length > 0 ? `: ${verdictCounts(acted)}` : ''}`];
  lines.push(`  ${report.rules.map(ruleLabel).join('; ')}`);
  if (acted.length > 0) lines.push(table(acted, now));
  if (deletedOnlyByTool.length > 0) lines.push(`ecr-retention would also delete ${deletedOnlyByTool.length} image${deletedOnlyByTool.length === 1 ? '' : 's'} this policy keeps: ${deletedOnlyByTool.map((image) => shortDigest(image.digest)).join(', ')}`);
  if (undetermined.length > 0) lines.push(`${undetermined.length} archived image${undetermined.length === 1 ? '' : 's'} not decided: the archive time is unknown: ${undetermined.map((image) => shortDigest(image.digest)).join(', ')}`);
  return lines.join('\n');
}

function actions(acted: readonly ComparedImage[]): string {
  const archived = acted.filter((entry) => entry.outcome.kind === 'transition').length;
  if (acted.length === 0) return 'expire nothing';
  const parts = [acted.length - archived > 0 ? `expire ${acted.length - archived}` : '', archived > 0 ? `archive ${archived}` : ''].filter(Boolean);
  return parts.join(' and ');
}

function verdictCounts(acted: readonly ComparedImage[]): string {
  const words: Record<ComparedImage['verdict'], string> = { live: 'live', protected: 'protected', kept: 'kept by ecr-retention', deleted: 'deleted by ecr-retention too', ungoverned: 'in no policy of the config' };
  return (Object.keys(words) as ComparedImage['verdict'][]).flatMap((verdict) => {
    const count = acted.filter((entry) => entry.verdict === verdict).length;
    return count > 0 ? [`${count} ${words[verdict]}`] : [];
  }).join(', ');
}

function table(acted: readonly ComparedImage[], now: number): string {
  const order: ComparedImage['verdict'][] = ['live', 'protected', 'kept', 'deleted', 'ungoverned'];
  const rows = [...acted].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict) || (a.image.digest < b.image.digest ? -1 : 1)).map((entry) => [
    entry.verdict.toUpperCase(),
    shortDigest(entry.image.digest),
    truncate(entry.image.tags.join(',') || '<untagged>', 40),
    formatAge(Math.max(0, now - entry.image.pushedAt)),
    lifecycleCell(entry),
    (entry.verdict === 'live' ? `live: ${entry.details.join('; ')}` : entry.details.join('; ')) || '-',
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(HEADERS), ...rows.map(line)].join('\n');
}

function lifecycleCell({ outcome }: ComparedImage): string {
  if (outcome.kind === 'transition') return `archive (rule ${outcome.rule.rulePriority})`;
  return outcome.subject ? `expire with ${shortDigest(outcome.subject)} (rule ${outcome.rule.rulePriority})` : `expire (rule ${outcome.rule.rulePriority})`;
}

function totalsText(comparison: LifecycleComparison): string {
  const totals = totalsOf(comparison);
  const { live, protected: kept0, kept, deleted, ungoverned } = totals.verdicts;
  const lines = [
    `Totals: ${totals.repositories} repositor${totals.repositories === 1 ? 'y' : 'ies'} with a lifecycle policy; the policies would expire ${totals.expire} and archive ${totals.transition} images: ` +
      `${live} live, ${kept0} protected, ${kept} kept by ecr-retention for other reasons, ${deleted} deleted by ecr-retention too, ${ungoverned} in no policy of the config.`,
    `ecr-retention would delete ${totals.deletedOnlyByTool} more that the lifecycle policies keep.`,
  ];
  if (totals.unevaluated > 0) lines.push(`Not evaluated: ${totals.unevaluated} lifecycle polic${totals.unevaluated === 1 ? 'y' : 'ies'} could not be read (exit 3).`);
  lines.push(live > 0
    ? `At risk: ${live} live image${live === 1 ? '' : 's'} would be expired or archived by a lifecycle policy, and fail to pull (exit 3). ecr-retention, with this config, deletes ${totals.liveDeletedByTool === 0 ? 'none' : totals.liveDeletedByTool} of them.`
    : 'No live image is at risk from the lifecycle policies.');
  return lines.join('\n');
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
