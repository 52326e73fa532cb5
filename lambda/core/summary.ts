/**
 * Plan totals: counts and bytes per repository, and how often each keep reason applied. Bytes are the
 * imageSizeInBytes of the plain manifests deleted; an index counts 0 (bytesOf).
 */
import type { ImageRecord } from './model';
import type { Decision, PlanSummary } from './plan';
import type { ReasonCode } from './reasons';

export function summarize(decisions: readonly Decision[], ungoverned: number): PlanSummary {
  // Keyed by region and name: one name in two regions is two repositories.
  const perRepository = new Map<string, { region: string; repository: string; policy: string; images: number; kept: number; deleted: number; bytesDeleted: number }>();
  const keepReasons: Partial<Record<ReasonCode, number>> = {};
  let kept = 0;
  let deleted = 0;
  let bytesDeleted = 0;
  for (const decision of decisions) {
    const key = `${decision.region} ${decision.repository}`;
    let entry = perRepository.get(key);
    if (!entry) perRepository.set(key, (entry = { region: decision.region, repository: decision.repository, policy: decision.policy, images: 0, kept: 0, deleted: 0, bytesDeleted: 0 }));
    entry.images++;
    if (decision.action === 'delete') {
      entry.deleted++;
      const bytes = bytesOf(decision.image);
      entry.bytesDeleted += bytes;
      deleted++;
      bytesDeleted += bytes;
      continue;
    }
    entry.kept++;
    kept++;
    countKeepCodes(decision, keepReasons);
  }
  const repositories = [...perRepository.values()].filter((entry) => entry.deleted > 0);
  return {
    governedRepositories: perRepository.size,
    ungovernedRepositories: ungoverned,
    images: decisions.length,
    kept,
    deleted,
    bytesDeleted,
    keepReasons,
    repositories,
  };
}

/**
 * What deleting an image frees, as far as ECR tells: an index's imageSizeInBytes is "the max size of all manifests in
 * the list" (ImageDetail), bytes its members hold and are counted on, so an index counts 0. The inventory records
 * indexes as 0 bytes already (adapters/ecr/records.ts); this also covers snapshots made before it did. Layers shared
 * by several manifests are counted once per manifest, so the total is an upper bound.
 */
export function bytesOf(image: Pick<ImageRecord, 'sizeBytes' | 'childDigests'>): number {
  return image.childDigests.length > 0 ? 0 : image.sizeBytes;
}

/** Each keep-reason code once per decision; reasons lists are short, so a scan beats building a Set per decision. */
function countKeepCodes(decision: Decision, counts: Partial<Record<ReasonCode, number>>): void {
  const { reasons } = decision;
  for (let i = 0; i < reasons.length; i++) {
    const reason = reasons[i] as Decision['reasons'][number];
    if (reason.verdict !== 'keep') continue;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = reasons[j]?.verdict === 'keep' && reasons[j]?.code === reason.code;
    if (!seen) counts[reason.code] = (counts[reason.code] ?? 0) + 1;
  }
}
