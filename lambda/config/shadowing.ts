/**
 * Policies that can never govern anything. The first policy whose globs match a repository governs it, across
 * documents in name order, so a `**` in `00-defaults` silently takes every repository from `10-team-a`. A policy is
 * shadowed when each of its globs is covered by the globs of one earlier policy: whatever repositories exist, an
 * earlier policy matches first. Coverage is decided exactly (glob-coverage.ts) and reported only when certain; a glob
 * that only several earlier policies cover together is not reported.
 */
import { globCoverage } from './glob-coverage';

/** What shadowing reads of a policy: its name and its globs as written. */
export interface PolicyGlobs {
  readonly name: string;
  readonly repositories: readonly string[];
}

export interface ShadowedPolicy<P extends PolicyGlobs> {
  readonly policy: P;
  /** The earlier policies that cover its globs, in policy order: for each glob, the first that covers it. */
  readonly coveredBy: readonly P[];
}

/** Every shadowed policy, in policy order. */
export function shadowedPolicies<P extends PolicyGlobs>(policies: readonly P[]): ShadowedPolicy<P>[] {
  const shadowed: ShadowedPolicy<P>[] = [];
  policies.forEach((policy, index) => {
    const earlier = policies.slice(0, index);
    const coveredBy: P[] = [];
    for (const glob of policy.repositories) {
      const cover = earlier.find((candidate) => globCoverage(candidate.repositories, glob).kind === 'covered');
      if (cover === undefined) return;
      if (!coveredBy.includes(cover)) coveredBy.push(cover);
    }
    shadowed.push({ policy, coveredBy });
  });
  return shadowed;
}
