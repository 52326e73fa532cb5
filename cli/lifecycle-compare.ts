/**
 * `lifecycle compare [--repository GLOB] [--json]`: collects the account and decides the plan as `plan` does, reads
 * every repository's lifecycle policy, evaluates each as of the plan's time with ECR's documented semantics, and
 * shows, image by image, what the policy would expire or archive that is live (with its workloads), protected, kept
 * by the config for another reason, or deleted by ecr-retention too.
 *
 * Exit 3 means "a live image is, or may be, at risk": a lifecycle policy would expire or archive a live image (its
 * next pull fails), a policy could not be evaluated, or the plan is blocked (the live set is incomplete, so the
 * comparison cannot tell what is live). Otherwise 0. A script can gate a change of lifecycle policy on it.
 */
import { compileGlob } from '../lambda/config/glob';
import { collectLive, decideLoaded } from './account-source';
import { EXIT, type CliIo, type ExitCode } from './io';
import { comparisonJson } from './lifecycle-compare-json';
import { renderComparisonText } from './lifecycle-compare-text';
import { compareAccount, totalsOf, type PoliciesByRegion } from './lifecycle-compare-view';
import { lifecyclePoliciesIn, type RepositoryLifecyclePolicy } from './lifecycle-source';
import { reportBlockers, viewOf } from './plan-view';
import type { CommandOptions } from './session';

export interface LifecycleCompareOptions extends CommandOptions {
  readonly repository?: string;
  readonly json?: boolean;
}

export async function lifecycleCompareCommand(options: LifecycleCompareOptions, io: CliIo): Promise<ExitCode> {
  const loaded = await collectLive(options, io);
  const view = viewOf(await decideLoaded(loaded, 'plan'));
  const shown = options.repository !== undefined ? compileGlob(options.repository) : () => true;
  const policies: PoliciesByRegion = new Map(await Promise.all(loaded.collected.regions.map(async ({ inventory }) => {
    const names = inventory.repositories.map((repository) => repository.name).filter(shown);
    return [inventory.region, await lifecyclePoliciesIn(inventory.region, options, io).read(names)] as [string, RepositoryLifecyclePolicy[]];
  })));
  const comparison = compareAccount(view, loaded.collected, policies, shown);
  io.out(options.json ? JSON.stringify(comparisonJson(comparison), null, 2) : renderComparisonText(comparison));
  const blocked = reportBlockers(view, io) !== EXIT.ok;
  const totals = totalsOf(comparison);
  return blocked || totals.verdicts.live > 0 || totals.unevaluated > 0 ? EXIT.blocked : EXIT.ok;
}
