/**
 * Referrers follow their subject out. "ECR Lifecycle Policies also supports referring artifacts by deleting references
 * when a subject image is deleted as a result of a lifecycle policy rule expire action" (What's New, 2024-06, OCI
 * image distribution 1.1; aws-k8s-facts.md §1 and §7: within 24 hours of the subject). Only OCI referrers
 * (`subjectManifestDigest`) in the same repository, only after an expire action: an archived subject still exists.
 * A referrer the policy expires by a rule of its own keeps that rule as its reason.
 */
import type { Digest } from '../model';
import type { EvaluatedImage } from './outcome';

export function followSubjects(evaluated: readonly EvaluatedImage[]): EvaluatedImage[] {
  const expired = new Map<Digest, EvaluatedImage>();
  for (const entry of evaluated) if (entry.outcome.kind === 'expire') expired.set(entry.image.digest, entry);
  const byDigest = new Map(evaluated.map((entry) => [entry.image.digest, entry]));
  return evaluated.map((entry) => {
    if (entry.outcome.kind !== 'none') return entry;
    const subject = subjectChain(entry, byDigest, expired);
    if (!subject || subject.outcome.kind !== 'expire') return entry;
    return { image: entry.image, outcome: { kind: 'expire', rule: subject.outcome.rule, subject: subject.image.digest } };
  });
}

/** The expired image this referrer hangs off, directly or through other referrers (an SBOM's signature). */
function subjectChain(entry: EvaluatedImage, byDigest: ReadonlyMap<Digest, EvaluatedImage>, expired: ReadonlyMap<Digest, EvaluatedImage>): EvaluatedImage | undefined {
  const visited = new Set<Digest>();
  let current = entry.image.subjectDigest;
  while (current !== undefined && !visited.has(current)) {
    visited.add(current);
    const hit = expired.get(current);
    if (hit) return hit;
    current = byDigest.get(current)?.image.subjectDigest;
  }
  return undefined;
}
