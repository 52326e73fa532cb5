/**
 * The chart of bytes reclaimable per repository: an inline SVG of horizontal bars, the largest first. No script and
 * no external asset, so the page renders the same from an email link, a bucket or a file.
 */
import { formatBytes } from '../../core/plan-table';
import { escapeHtml } from './escape';

export interface Bar {
  readonly label: string;
  readonly bytes: number;
  readonly count: number;
}

const WIDTH = 1100;
const ROW = 22;
const LABEL = 320;
const VALUE = 140;

export function bytesChart(bars: readonly Bar[], title: string): string {
  if (bars.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing.</p>`;
  const max = Math.max(...bars.map((bar) => bar.bytes), 1);
  const span = WIDTH - LABEL - VALUE;
  const rows = bars.map((bar, i) => {
    const y = i * ROW;
    const width = Math.max(1, Math.round((bar.bytes / max) * span));
    return `<g transform="translate(0,${y})"><text x="${LABEL - 8}" y="15" text-anchor="end">${escapeHtml(bar.label)}</text>`
      + `<rect x="${LABEL}" y="3" width="${width}" height="${ROW - 6}" class="bar"/>`
      + `<text x="${LABEL + width + 6}" y="15">${escapeHtml(`${formatBytes(bar.bytes)} · ${bar.count}`)}</text></g>`;
  });
  const height = bars.length * ROW;
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>`
    + `<svg id="bytes-chart" role="img" aria-label="${escapeHtml(title)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${rows.join('')}</svg></figure>`;
}
