/**
 * The plan that fits a terminal: one row per governed repository (policy, images, kept, to delete, bytes, live,
 * missing), the repositories that reclaim most first, then the totals. A registry of thousands of repositories holds
 * hundreds of thousands of images; their table is `--details`, or `--repository GLOB` for a few of them.
 */
import type { Decision } from '../lambda/core/plan';
import { formatBytes, repositoryLabel } from '../lambda/core/plan-table';
import { bytesOf } from '../lambda/core/summary';
import { compareText } from '../lambda/core/order';
import { missingSection, planHeading, totals } from './plan-text';
import type { PlanView } from './plan-view';

interface RepositoryRow {
  readonly repository: string;
  readonly policy: string;
  images: number;
  kept: number;
  deleted: number;
  bytes: number;
  live: number;
  missing: number;
}

const HEADERS = ['REPOSITORY', 'POLICY', 'IMAGES', 'KEPT', 'DELETE', 'BYTES', 'LIVE', 'MISSING'] as const;

export function renderPlanSummary(view: PlanView): string {
  const rows = repositoryRows(view);
  const sections = [planHeading(view)];
  sections.push(rows.length > 0 ? table(rows) : 'No governed repository to plan.');
  sections.push(`${totals(view)}\nPer-image tables with every reason: --details, or --repository GLOB for some repositories.`);
  if (view.missing.length > 0) sections.push(missingSection(view.missing));
  return sections.join('\n\n');
}

function repositoryRows(view: PlanView): RepositoryRow[] {
  const rows = new Map<string, RepositoryRow>();
  const several = view.region.includes(',');
  const rowOf = (decision: Decision) => {
    const key = `${decision.region} ${decision.repository}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { repository: repositoryLabel(decision.repository, decision.region, several), policy: decision.policy, images: 0, kept: 0, deleted: 0, bytes: 0, live: 0, missing: 0 }));
    return row;
  };
  for (const decision of view.plan.decisions) {
    const row = rowOf(decision);
    row.images++;
    if (decision.action === 'delete') {
      row.deleted++;
      row.bytes += bytesOf(decision.image);
    } else row.kept++;
    if (decision.reasons.some((reason) => reason.code === 'live')) row.live++;
  }
  for (const missing of view.missing) {
    const row = rows.get(`${missing.region} ${missing.repository}`);
    if (row) row.missing++;
  }
  return [...rows.values()].sort((a, b) => b.bytes - a.bytes || compareText(a.repository, b.repository));
}

function table(rows: readonly RepositoryRow[]): string {
  const cells = rows.map((r) => [r.repository, r.policy, String(r.images), String(r.kept), String(r.deleted), formatBytes(r.bytes), String(r.live), String(r.missing)]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)));
  // Names left, numbers right, as a reader compares them.
  const line = (row: readonly string[]) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(HEADERS), ...cells.map(line)].join('\n');
}
