/**
 * The report email: plain text (SNS email has no HTML), a subject under 100 characters, a body well under SNS's
 * 256 KiB (every list is cut with "and N more"). Pure: a RunReport in, subject and body out.
 */
import { describeBlocker, isAlarming } from '../core/guard';
import { formatBytes } from '../core/plan-table';
import { shortDigest } from '../core/reasons';
import { needsAttention, type RunReport } from './report';

const MAX_ROWS = 50;
const MAX_BODY_BYTES = 200 * 1024;

export function shouldNotify(report: RunReport): boolean {
  if (needsAttention(report) || report.notify === undefined || report.notify === 'always') return true;
  if (report.notify === 'errors') return false;
  return (report.plan?.deletions.length ?? 0) > 0;
}

export function renderEmail(report: RunReport): { subject: string; body: string } {
  const sections = [header(report), problems(report), missingImages(report), deletions(report), keepReasons(report)];
  let body = sections.filter((section) => section.length > 0).join('\n\n');
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) body = `${Buffer.from(body).subarray(0, MAX_BODY_BYTES).toString('utf8')}\n… (report truncated)`;
  return { subject: subjectOf(report), body: `${body}\n` };
}

export function subjectOf(report: RunReport): string {
  const deletions = report.plan?.deletions.length ?? 0;
  const bytes = formatBytes(report.plan?.summary.bytesDeleted ?? 0);
  const missing = report.missing.length > 0 ? `, ${report.missing.length} missing live image${report.missing.length === 1 ? '' : 's'}` : '';
  const what = (() => {
    switch (report.outcome) {
      case 'failed': return `FAILED: ${report.errors[0] ?? 'unknown error'}`;
      case 'blocked': return `BLOCKED: ${report.blockers.filter(isAlarming).map((b) => b.code).join(', ')}`;
      case 'planned': return `plan: would delete ${deletions} images (${bytes})`;
      case 'deleted': return `deleted ${report.deletion?.deleted.length ?? 0} images (${bytes})`;
    }
  })();
  const subject = `ecr-retention ${what}${missing}`.replace(/[\p{Cc}]+/gu, ' ');
  return subject.length < 100 ? subject : `${subject.slice(0, 98)}…`;
}

function header(report: RunReport): string {
  const summary = report.plan?.summary;
  return [
    `Run ${report.runId}: ${report.outcome} (mode ${report.mode ?? 'unknown'}), ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s`,
    `Scanned ${report.images} images in ${report.repositories} repositories; ${report.liveReferences} live references.`,
    summary ? `Governed: ${summary.governedRepositories} repositories, ${summary.images} images: ${summary.kept} kept, ${summary.deleted} ${report.outcome === 'deleted' ? 'to delete' : 'deletable'} (${formatBytes(summary.bytesDeleted)}). ${summary.ungovernedRepositories} repositories governed by no policy were not touched.` : '',
  ].filter(Boolean).join('\n');
}

function problems(report: RunReport): string {
  const lines = [
    ...report.errors.map((error) => `ERROR: ${error}`),
    ...report.blockers.map((blocker) => `${isAlarming(blocker) ? 'BLOCKED' : 'NOTE'}: ${describeBlocker(blocker)}`),
    ...report.configIssues.map((issue) => `CONFIG: ${issue.document}: ${issue.path || '(document)'}: ${issue.message}`),
    ...(report.deletion?.failed ?? []).map((f) => `DELETE FAILED: ${f.repository}@${shortDigest(f.digest)}: ${f.code}: ${f.message}`),
    ...(report.deletion?.skipped ?? []).map((s) => `SKIPPED: ${s.repository}@${shortDigest(s.digest)}: ${s.reason}`),
  ];
  return lines.length ? `Problems\n${limit(lines)}` : '';
}

function missingImages(report: RunReport): string {
  if (report.missing.length === 0) return '';
  const lines = report.missing.map((m) => `${m.reference.location} -> ${m.reference.image} (no such ${m.digest ? 'digest' : 'tag'} in ${m.repository}: it will fail to pull)`);
  return `Missing live images\n${limit(lines)}`;
}

function deletions(report: RunReport): string {
  const repositories = report.plan?.summary.repositories ?? [];
  if (repositories.length === 0) return '';
  const verb = report.outcome === 'deleted' ? 'Deleted' : 'Would delete';
  const lines = [...repositories]
    .sort((a, b) => b.bytesDeleted - a.bytesDeleted || a.repository.localeCompare(b.repository))
    .map((r) => `${r.repository}: ${r.deleted} of ${r.images} images, ${formatBytes(r.bytesDeleted)} (policy ${r.policy})`);
  return `${verb}, per repository\n${limit(lines)}`;
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
