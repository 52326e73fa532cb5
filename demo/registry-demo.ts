/**
 * The central-registry part of `npm run demo` (README "Central registry"): a registry account that runs no workload,
 * and two workload accounts pulling its images. First the registry plans alone, as if no account exported: it would
 * delete what dev and prod run. Then dev and prod run their deployments, which write their exports, and the registry's
 * run keeps exactly the images they pull, each with the account that pulls it.
 */
import { shortDigest } from '../lambda/core/reasons';
import type { RunReport } from '../lambda/report/report';
import { DEV, PROD, REGISTRY, startCentralRegistry } from './central-registry';

type Print = (text: string) => void;

export async function runRegistryDemo(print: Print): Promise<void> {
  const now = Date.now();
  const estate = await startCentralRegistry(now);
  try {
    print(`\n== Central registry: account ${REGISTRY} holds shop/web and runs nothing; ${DEV} (dev, ECS in eu-west-1) and ${PROD} (prod, an EKS CronJob) pull from it.\n`);
    const config = estate.model(REGISTRY).ssm.parameters[0];
    if (!config) throw new Error('the registry has no config');
    const withExchange = config.value;
    config.value = withExchange.replace(/expect: \[[^\]]*\]/, 'expect: []');
    const alone = await estate.runAccount(REGISTRY, { mode: 'plan' });
    print('Without the exports, the registry sees no workload and would delete:');
    printDeletions(alone, print);
    config.value = withExchange;
    for (const account of [DEV, PROD]) {
      const report = await estate.runAccount(account);
      print(`Account ${account} ran: exported ${report.exported?.references ?? 0} references to s3://${report.exported?.bucket}/${report.exported?.key}.`);
    }
    const kept = await estate.runAccount(REGISTRY);
    print(`\nThe registry's run (mode delete, expecting ${DEV} and ${PROD}): ${kept.outcome}.`);
    printDeletions(kept, print);
    print('Kept only because a workload account pulls it:');
    for (const live of kept.live) print(`  ${live.repository}@${shortDigest(live.digest)} <- ${live.reference.location}`);
  } finally {
    await estate.close();
  }
}

function printDeletions(report: RunReport, print: Print): void {
  const deletions = report.deletion?.kind === 'performed' ? report.deletion.deleted : report.plan?.deletions ?? [];
  for (const d of deletions) print(`  ${report.deletion?.kind === 'performed' ? 'deleted' : 'would delete'} ${d.repository}@${shortDigest(d.digest)} ${d.expectedTags.join(',')}`);
}
