/**
 * The report people look at: one self-contained HTML page per run (no script, no external asset: it is opened from an
 * email link, a bucket or a file) with the totals, a chart of the bytes reclaimable per repository, the blockers, the
 * live images and where they run, the missing live images, and every repository's decisions with their reasons.
 * Pure: a RunReport in, the page out.
 */
import { formatBytes, repositoryLabel } from '../../core/plan-table';
import type { RunReport } from '../report';
import { bytesChart } from './chart';
import { escapeHtml } from './escape';
import { lifecycleSection, liveSection, missingSection, notesSection, problemsSection, repositoriesSection } from './sections';

const CHART_BARS = 25;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1b1f23}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #e1e4e8;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}tr.delete td{background:#fff5f5}code{font:12px ui-monospace,monospace}.totals span{display:inline-block;margin-right:24px}
.totals b{font-size:20px;display:block}.problems{border-left:4px solid #d73a49;padding-left:12px}.bar{fill:#0366d6}svg text{font:12px system-ui,sans-serif}
details{margin:8px 0}summary{cursor:pointer;font-weight:600}.more,.empty{color:#586069}`;

export function renderHtmlReport(report: RunReport): string {
  const regions = report.regions ?? [];
  const several = regions.length > 1;
  const plan = report.plan;
  const title = `ecr-retention: ${report.outcome} (${report.mode ?? 'unknown mode'})`;
  const bars = (plan?.summary.repositories ?? [])
    .map((r) => ({ label: repositoryLabel(r.repository, r.region, several), bytes: r.bytesDeleted, count: r.deleted }))
    .sort((a, b) => b.bytes - a.bytes).slice(0, CHART_BARS);
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Run ${escapeHtml(report.runId)} · account ${escapeHtml(report.accountId ?? 'unknown')} · ${several ? 'regions' : 'region'} ${escapeHtml(regions.join(', ') || 'unknown')}`
      + ` · as of ${new Date(report.decidedAt ?? report.finishedAt).toISOString()}</p>`,
    totals(report),
    problemsSection(report),
    bytesChart(bars, `Bytes ${report.deletion?.kind === 'performed' ? 'reclaimed' : 'reclaimable'} per repository`),
    missingSection(report, several),
    lifecycleSection(report),
    liveSection(report, several),
    notesSection(report),
    plan ? repositoriesSection(plan.decisions, report.decidedAt ?? report.finishedAt, several) : '',
  ].filter(Boolean).join('\n');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`
    + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}

function totals(report: RunReport): string {
  const summary = report.plan?.summary;
  const cells: [string, string][] = [
    ['images', String(report.images)],
    ['repositories', String(report.repositories)],
    ['to delete', String(summary?.deleted ?? 0)],
    ['bytes', formatBytes(summary?.bytesDeleted ?? 0)],
    ['live references', String(report.liveReferences + report.importedReferences)],
    ['missing live images', String(report.missing.length)],
  ];
  return `<p class="totals">${cells.map(([label, value]) => `<span><b>${escapeHtml(value)}</b>${escapeHtml(label)}</span>`).join('')}</p>`;
}
