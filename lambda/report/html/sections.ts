/** The report page's sections, each from the run report alone: the same words as `explain` and the email. */
import { push } from '../../core/arrays';
import type { LiveDigest } from '../../core/model';
import type { Decision } from '../../core/plan';
import { formatBytes, headlineReasons, repositoryLabel } from '../../core/plan-table';
import { formatAge, shortDigest } from '../../core/reasons';
import { bytesOf } from '../../core/summary';
import { coexistenceText } from '../coexistence';
import { problemLines } from '../problems';
import type { RunReport } from '../report';
import { escapeHtml } from './escape';

/** A page stays readable (and under a few MB) however large the registry: past this, the tables say how many more. */
export const MAX_ROWS = 2_000;

/** The email's problem lines, and each source that could not be read (the email says so in its blocker). */
export function problemsSection(report: RunReport): string {
  const lines = [
    ...problemLines(report),
    ...report.failedSources.map((failure) => `Could not read ${failure.source}${failure.region ? ` (${failure.region})` : ''}: ${failure.message}`),
  ];
  if (lines.length === 0) return '';
  return `<section class="problems"><h2>Blockers and errors</h2><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`;
}

export function notesSection(report: RunReport): string {
  const lines = [
    ...report.notes.map((note) => `${note.source}${note.region ? ` (${note.region})` : ''}: ${note.message}`),
    ...(report.plan?.idlePolicies ?? []).map((p) => `policy ${p.name} (${p.document}) governs no repository`),
  ];
  if (lines.length === 0) return '';
  return `<section><h2>Notes</h2><ul>${lines.slice(0, MAX_ROWS).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`;
}

/** Governed repositories that still have an ECR lifecycle policy: it can expire live images whatever this tool decides. */
export function lifecycleSection(report: RunReport): string {
  const text = coexistenceText(report.coexistence, report.decidedAt ?? report.finishedAt);
  if (!text) return '';
  const listed = text.repositories.slice(0, MAX_ROWS).map((name) => `<li><code>${escapeHtml(name)}</code></li>`).join('');
  return `<section class="problems"><h2>ECR lifecycle policies still in place (${text.repositories.length})</h2><p>${escapeHtml(text.headline)}</p>`
    + `${listed ? `<ul>${listed}</ul>${more(text.repositories.length)}` : ''}${text.details.map((line) => `<p class="more">${escapeHtml(line)}</p>`).join('')}</section>`;
}

export function liveSection(report: RunReport, several: boolean): string {
  if (report.live.length === 0) return '';
  const byImage = new Map<string, LiveDigest[]>();
  for (const entry of report.live) push(byImage, `${entry.region} ${entry.repository}@${entry.digest}`, entry);
  const rows = [...byImage.values()].slice(0, MAX_ROWS).map((entries) => {
    const first = entries[0] as LiveDigest;
    const where = [...new Set(entries.map((entry) => entry.reference.location))].map(escapeHtml).join('<br>');
    return `<tr><td>${escapeHtml(repositoryLabel(first.repository, first.region, several))}</td><td><code>${shortDigest(first.digest)}</code></td><td>${where}</td></tr>`;
  });
  return `<section><h2>Live images (${byImage.size})</h2><table><thead><tr><th>Repository</th><th>Digest</th><th>Where it runs</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>${more(byImage.size)}</section>`;
}

export function missingSection(report: RunReport, several: boolean): string {
  if (report.missing.length === 0) return '';
  const rows = report.missing.slice(0, MAX_ROWS).map((m) => `<tr><td>${escapeHtml(m.reference.location)}</td><td><code>${escapeHtml(m.reference.image)}</code></td>`
    + `<td>no such ${m.digest ? 'digest' : 'tag'} in ${escapeHtml(repositoryLabel(m.repository, m.region, several))}</td></tr>`);
  return `<section class="problems"><h2>Missing live images (${report.missing.length}): they will fail to pull</h2><table><thead><tr><th>Where</th><th>Reference</th><th>Why</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>${more(report.missing.length)}</section>`;
}

/** One table per repository, the ones that reclaim most first; deletions before keeps within each. */
export function repositoriesSection(decisions: readonly Decision[], now: number, several: boolean): string {
  const groups = new Map<string, Decision[]>();
  for (const decision of decisions) push(groups, `${decision.region} ${decision.repository}`, decision);
  const ordered = [...groups.values()].sort((a, b) => deletedBytes(b) - deletedBytes(a));
  let budget = MAX_ROWS;
  const tables: string[] = [];
  for (const group of ordered) {
    const first = group[0] as Decision;
    const rows = [...group].sort((a, b) => (a.action === b.action ? 0 : a.action === 'delete' ? -1 : 1)).slice(0, Math.max(0, budget));
    budget -= rows.length;
    const deleted = group.filter((d) => d.action === 'delete').length;
    tables.push(`<details${deleted > 0 ? ' open' : ''}><summary>${escapeHtml(repositoryLabel(first.repository, first.region, several))} (policy ${escapeHtml(first.policy)}): `
      + `${group.length} images, ${deleted} to delete, ${formatBytes(deletedBytes(group))}</summary>`
      + `<table><thead><tr><th>Digest</th><th>Tags</th><th>Age</th><th>Size</th><th>Action</th><th>Reasons</th></tr></thead><tbody>`
      + rows.map((d) => decisionRow(d, now)).join('') + `</tbody></table>${rows.length < group.length ? `<p class="more">and ${group.length - rows.length} more: plan --json has them all</p>` : ''}</details>`);
  }
  return `<section><h2>Repositories</h2>${tables.join('')}</section>`;
}

function decisionRow(decision: Decision, now: number): string {
  const { image } = decision;
  return `<tr class="${decision.action}"><td><code>${shortDigest(image.digest)}</code></td><td>${escapeHtml(image.tags.join(', ') || '<untagged>')}</td>`
    + `<td>${formatAge(Math.max(0, now - image.pushedAt))}</td><td>${formatBytes(image.sizeBytes)}</td><td>${decision.action.toUpperCase()}</td>`
    + `<td>${headlineReasons(decision).map(escapeHtml).join('<br>')}</td></tr>`;
}

function deletedBytes(decisions: readonly Decision[]): number {
  return decisions.reduce((sum, d) => sum + (d.action === 'delete' ? bytesOf(d.image) : 0), 0);
}

function more(count: number): string {
  return count > MAX_ROWS ? `<p class="more">and ${count - MAX_ROWS} more</p>` : '';
}
