/** The answer to "why": one image's decision, every reason that applies, its ranks and everything that pulls it. */
import type { ImageRecord, LiveDigest } from '../lambda/core/model';
import { formatBytes } from '../lambda/core/plan-table';
import type { Decision } from '../lambda/core/plan';
import { compareText } from '../lambda/core/order';
import { describeReason, formatAge, shortDigest, type Reason } from '../lambda/core/reasons';

export interface Explanation {
  readonly image: ImageRecord;
  /** Undefined when no policy governs the repository. */
  readonly decision: Decision | undefined;
  readonly live: readonly LiveDigest[];
  readonly now: number;
}

export function renderExplanation(explanation: Explanation): string {
  const { image, decision } = explanation;
  const verdict = decision ? `${decision.action.toUpperCase()} (policy ${decision.policy})` : 'never touched: no policy governs this repository';
  return [
    `${image.repository}@${image.digest}\nDecision: ${verdict}`,
    imageSection(image, explanation.now),
    reasonSection(decision),
    rankSection(decision),
    liveSection(explanation.live),
  ].join('\n\n');
}

function imageSection(image: ImageRecord, now: number): string {
  const when = (at: number) => `${new Date(at).toISOString()} (${formatAge(Math.max(0, now - at))} ago)`;
  const rows: [string, string][] = [
    ['tags', image.tags.join(', ') || '<untagged>'],
    ['pushed', when(image.pushedAt)],
    ['last pulled', image.lastPulledAt === undefined ? 'never recorded' : when(image.lastPulledAt)],
    ['size', formatBytes(image.sizeBytes)],
    ['manifest', image.manifestMediaType ?? 'unknown'],
    ...(image.artifactMediaType !== undefined ? [['artifact', image.artifactMediaType] as [string, string]] : []),
    ['status', image.status],
  ];
  if (image.childDigests.length > 0) rows.push(['index of', image.childDigests.map(shortDigest).join(', ')]);
  if (image.subjectDigest !== undefined) rows.push(['refers to', shortDigest(image.subjectDigest)]);
  return ['Image', ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(13)}${value}`)].join('\n');
}

function reasonSection(decision: Decision | undefined): string {
  if (!decision) return 'Reasons\n  (none: a repository no policy governs is never touched)';
  const lines = decision.reasons.map((reason) => `  ${reason.verdict.padEnd(7)}${describeReason(reason)}`);
  return ['Reasons (every one that applies; a single keep reason keeps the image)', ...lines].join('\n');
}

function rankSection(decision: Decision | undefined): string {
  const ranked = (decision?.reasons ?? []).flatMap(describeRank);
  return ['Lineage ranks', ...(ranked.length > 0 ? ranked : ['  (none: no lineage of its policy matches its tags)'])].join('\n');
}

function describeRank(reason: Reason): string[] {
  const outcome = (by: readonly string[] | undefined) => (by && by.length > 0 ? `kept by ${by.join(', ')}` : 'expired');
  if (reason.code === 'lineage') {
    const group = reason.group !== undefined ? ` (group ${reason.group})` : '';
    return [`  ${reason.lineage}${group}: rank ${reason.rank} of ${reason.groupSize}, ${outcome(reason.by)}`];
  }
  if (reason.code === 'untagged' && reason.rank !== undefined) return [`  untagged rule: rank ${reason.rank}, ${outcome(reason.by)}`];
  return [];
}

function liveSection(live: readonly LiveDigest[]): string {
  if (live.length === 0) return 'Live references\n  (none: nothing in the collected live sources references this digest)';
  const sorted = [...live].sort((a, b) => compareText(a.reference.location, b.reference.location));
  const lines = sorted.map((entry) => `  ${entry.reference.location}\n      ${entry.reference.image}`);
  return [`Live references (${live.length})`, ...lines].join('\n');
}
