/** Plan totals: counts and bytes per repository, and how often each keep reason applied. */
import type { Decision } from './planner';
import type { ReasonCode } from './reasons';

export interface RepositorySummary {
  readonly repository: string;
  readonly policy: string;
  readonly images: number;
  readonly kept: number;
  readonly deleted: number;
  /** Sum of ECR's imageSizeInBytes of the deleted digests (layers shared with kept images are not freed). */
  readonly bytesDeleted: number;
}

export interface PlanSummary {
  readonly governedRepositories: number;
  readonly ungovernedRepositories: number;
  readonly images: number;
  readonly kept: number;
  readonly deleted: number;
  readonly bytesDeleted: number;
  /** Kept decisions per keep-reason code; one decision counts once per code. */
  readonly keepReasons: Readonly<Partial<Record<ReasonCode, number>>>;
  /** Repositories with at least one deletion, in name order. */
  readonly repositories: readonly RepositorySummary[];
}

export function summarize(decisions: readonly Decision[], ungoverned: number): PlanSummary {
  const perRepository = new Map<string, { policy: string; images: number; kept: number; deleted: number; bytesDeleted: number }>();
  const keepReasons: Partial<Record<ReasonCode, number>> = {};
  let kept = 0;
  let deleted = 0;
  let bytesDeleted = 0;
  for (const decision of decisions) {
    let entry = perRepository.get(decision.repository);
    if (!entry) perRepository.set(decision.repository, (entry = { policy: decision.policy, images: 0, kept: 0, deleted: 0, bytesDeleted: 0 }));
    entry.images++;
    if (decision.action === 'delete') {
      entry.deleted++;
      entry.bytesDeleted += decision.image.sizeBytes;
      deleted++;
      bytesDeleted += decision.image.sizeBytes;
      continue;
    }
    entry.kept++;
    kept++;
    const codes = new Set(decision.reasons.filter((reason) => reason.verdict === 'keep').map((reason) => reason.code));
    for (const code of codes) keepReasons[code] = (keepReasons[code] ?? 0) + 1;
  }
  const repositories = [...perRepository.entries()]
    .filter(([, entry]) => entry.deleted > 0)
    .map(([repository, entry]) => ({ repository, ...entry }));
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
