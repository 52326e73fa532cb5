/**
 * The report email: plain text (SNS email has no HTML), a subject under 100 characters, a body well under SNS's
 * 256 KiB (every list is cut with "and N more"). Pure: a RunReport in, subject and body out.
 */
import { failuresOf, perRepository, removedBy, totalBytes } from '../core/outcome';
import { formatBytes, repositoryLabel } from '../core/plan-table';
import { coexistenceText } from './coexistence';
import { problemLines } from './problems';
import { needsAttention, type RunReport } from './report';

const MAX_ROWS = 50;
const MAX_BODY_BYTES = 200 * 1024;

export function shouldNotify(report: RunReport): boolean {
  if (needsAttention(report) || report.notify === undefined || report.notify === 'always') return true;
  if (report.notify === 'errors') return false;
  return (report.plan?.deletions.length ?? 0) > 0;
}

export function renderEmail(report: RunReport): { subject: string; body: string } {
  const sections = [header(report), problems(report), missingImages(report), lifecyclePolicies(report), notes(report), deletions(report), keepReasons(report)];
  let body = sections.filter((section) => section.length > 0).join('\n\n');
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) body = `${Buffer.from(body).subarray(0, MAX_BODY_BYTES).toString('utf8')}\n… (report truncated)`;
  return { subject: subjectOf(report), body: `${body}\n` };
}

/** The subject counts what the act step did: what was deleted (or, in plan mode, would be), not what was planned. */
export function subjectOf(report: RunReport): string {
  const removed = report.deletion ? removedBy(report.deletion) : [];
  const bytes = formatBytes(totalBytes(removed));
  const missing = report.missing.length > 0 ? `, ${report.missing.length} missing live image${report.missing.length === 1 ? '' : 's'}` : '';
  const failed = failuresOf(report.deletion).length;
  const what = (() => {
    switch (report.outcome) {
      case 'failed': return `FAILED: ${report.errors[0] ?? 'unknown error'}`;
      case 'blocked': return `BLOCKED: ${report.blockers.map((b) => b.code).join(', ')}`;
      case 'planned': return `plan: would delete ${removed.length} images (${bytes})`;
      case 'deleted': return `deleted ${removed.length} images (${bytes})${failed > 0 ? `, ${failed} failed` : ''}`;
    }
  })();
  const subject = `ecr-retention ${what}${missing}`.replace(/[\p{Cc}]+/gu, ' ');
  return subject.length < 100 ? subject : `${subject.slice(0, 98)}…`;
}

function header(report: RunReport): string {
  const summary = report.plan?.summary;
  const regions = report.regions ?? [];
  return [
    `Run ${report.runId}: ${report.outcome} (mode ${report.mode ?? 'unknown'}), ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s`,
    report.accountId ? `Account ${report.accountId}, ${regions.length === 1 ? 'region' : 'regions'} ${regions.join(', ')}.` : '',
    `Scanned ${report.images} images in ${report.repositories} repositories; ${report.liveReferences} live references${imported(report)}.`,
    exportLine(report),
    report.page && 'location' in report.page ? `Report: ${report.page.location}` : report.page ? `The report page could not be written: ${report.page.error}` : '',
    summary ? `Governed: ${summary.governedRepositories} repositories, ${summary.images} images: ${summary.kept} kept, ${summary.deleted} planned for deletion (${formatBytes(summary.bytesDeleted)}). ${summary.ungovernedRepositories} repositories governed by no policy were not touched.` : '',
  ].filter(Boolean).join('\n');
}

/** What other accounts' exports added, and the age of the oldest one relied on: the window a new reference waits in. */
function imported(report: RunReport): string {
  if (report.importedReferences === 0 && !report.oldestExport) return '';
  const oldest = report.oldestExport;
  const age = oldest && report.decidedAt !== undefined ? `; the oldest export relied on, ${oldest.id}, was collected ${new Date(oldest.collectedAt).toISOString()} (${((report.decidedAt - oldest.collectedAt) / 3_600_000).toFixed(1)} h before this run)` : '';
  return `, and ${report.importedReferences} from other accounts' exports${age}`;
}

function exportLine(report: RunReport): string {
  const exported = report.exported;
  if (!exported || exported.error !== undefined) return '';
  return `Exported ${exported.references} references to s3://${exported.bucket}/${exported.key}${exported.complete ? '' : ' (marked incomplete: registries expecting it will not delete)'}.`;
}

function problems(report: RunReport): string {
  const lines = problemLines(report);
  return lines.length ? `Problems\n${limit(lines)}` : '';
}

/** Facts, not failures: each names what cannot run any more, or a fallback the run took. */
function notes(report: RunReport): string {
  const lines = [
    ...report.notes.map((n) => `${n.source}${n.region !== undefined && (report.regions?.length ?? 0) > 1 ? ` (${n.region})` : ''}: ${n.message}`),
    ...(report.plan?.idlePolicies ?? []).map((p) => `policy ${p.name} (${p.document}) governs no repository: its rules and protect patterns apply nowhere`),
  ];
  return lines.length > 0 ? `Notes\n${limit(lines)}` : '';
}

function missingImages(report: RunReport): string {
  if (report.missing.length === 0) return '';
  const several = (report.regions?.length ?? 0) > 1;
  const lines = report.missing.map((m) => `${m.reference.location} -> ${m.reference.image} (no such ${m.digest ? 'digest' : 'tag'} in ${repositoryLabel(m.repository, m.region, several)}: it will fail to pull)`);
  return `Missing live images\n${limit(lines)}`;
}

/** Once per run: the governed repositories whose ECR lifecycle policy can still expire images behind this tool's back. */
function lifecyclePolicies(report: RunReport): string {
  const text = coexistenceText(report.coexistence, report.decidedAt ?? report.finishedAt);
  if (!text) return '';
  const shown = text.repositories.slice(0, MAX_ROWS).join(', ') + (text.repositories.length > MAX_ROWS ? `, and ${text.repositories.length - MAX_ROWS} more` : '');
  return ['ECR lifecycle policies', `  ${text.headline}`, ...(shown ? [`  ${shown}`] : []), ...text.details.map((line) => `  ${line}`)].join('\n');
}

/** Per repository, what left the registry (or would have): the outcome's deletions, not the plan's. */
function deletions(report: RunReport): string {
  if (!report.deletion) return '';
  const removed = perRepository(removedBy(report.deletion));
  if (removed.length === 0) return '';
  const several = (report.regions?.length ?? 0) > 1;
  const planned = new Map((report.plan?.summary.repositories ?? []).map((r) => [`${r.region} ${r.repository}`, r]));
  const lines = removed.map((r) => {
    const of = planned.get(`${r.region} ${r.repository}`);
    return `${repositoryLabel(r.repository, r.region, several)}: ${r.count} of ${of?.images ?? '?'} images, ${formatBytes(r.bytes)}${of ? ` (policy ${of.policy})` : ''}`;
  });
  return `${report.deletion.kind === 'recorded' ? 'Would delete' : 'Deleted'}, per repository\n${limit(lines)}`;
}

function keepReasons(report: RunReport): string {
  const counts = Object.entries(report.plan?.summary.keepReasons ?? {}).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  return counts.length ? `Most common reasons for keeping\n${counts.map(([code, n]) => `${code}: ${n}`).join('\n')}` : '';
}

function limit(lines: readonly string[]): string {
  const shown = lines.slice(0, MAX_ROWS).map((line) => `  ${line}`);
  if (lines.length > MAX_ROWS) shown.push(`  and ${lines.length - MAX_ROWS} more`);
  return shown.join('\n');
}
