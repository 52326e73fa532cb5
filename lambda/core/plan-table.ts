/** The plan as a plain-text table, one row per digest: for the demo, the CLI and the email. Pure. */
import type { Decision } from './plan';
import { describeReason, formatAge, shortDigest, type Reason } from './reasons';

export interface TableOptions {
  readonly now: number;
  /** Show only decisions to delete. */
  readonly deletionsOnly?: boolean;
  readonly maxTagWidth?: number;
}

const HEADERS = ['REPOSITORY', 'DIGEST', 'TAGS', 'AGE', 'SIZE', 'ACTION', 'REASONS'] as const;

export function renderPlanTable(decisions: readonly Decision[], options: TableOptions): string {
  const rows = decisions
    .filter((decision) => !options.deletionsOnly || decision.action === 'delete')
    .map((decision) => [
      decision.repository,
      shortDigest(decision.image.digest),
      truncate(decision.image.tags.join(',') || '<untagged>', options.maxTagWidth ?? 40),
      formatAge(Math.max(0, options.now - decision.image.pushedAt)),
      formatBytes(decision.image.sizeBytes),
      decision.action.toUpperCase(),
      headlineReasons(decision).join('; '),
    ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(HEADERS), ...rows.map(line)].join('\n');
}

/** For a kept digest the keep reasons come first (they decide); expire reasons follow, for the full picture. */
export function headlineReasons(decision: Decision): string[] {
  const deciding: Reason['verdict'] = decision.action === 'keep' ? 'keep' : 'expire';
  const ordered = [...decision.reasons.filter((r) => r.verdict === deciding), ...decision.reasons.filter((r) => r.verdict !== deciding)];
  return ordered.map(describeReason);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A repository as a reader needs it named: with its region once a run covers several (one name, two repositories). */
export function repositoryLabel(repository: string, region: string | undefined, severalRegions: boolean): string {
  return severalRegions && region !== undefined ? `${repository} (${region})` : repository;
}
