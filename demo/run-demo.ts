/**
 * `npm run demo`: the whole pipeline — the handler's composition root, the real SDK clients over HTTP — against the
 * emulated account. Run 1 in plan mode prints the plan and the email; then the config is switched to `mode: delete`
 * in SSM, run 2 deletes, and the demo lists exactly what left the registry. The account arrives with ECR lifecycle
 * policies: run 1's email names them, and run 3, once they are removed, no longer does. Last, the central-registry story
 * (registry-demo.ts): an image kept only because another account pulls it.
 */
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import { headlineReasons, renderPlanTable } from '../lambda/core/plan-table';
import { shortDigest } from '../lambda/core/reasons';
import type { RunReport } from '../lambda/report/report';
import { run } from '../lambda/run';
import { buildDependencies } from '../lambda/wiring';
import { DEMO_JOURNAL, startDemoEnvironment, type DemoEnvironment } from './environment';
import { putLifecyclePolicies, removeLifecyclePolicies } from './lifecycle-policies';
import { runRegistryDemo } from './registry-demo';
import { digest } from './sample-account';

type Print = (text: string) => void;

export async function runDemo(print: Print = (text) => process.stdout.write(`${text}\n`)): Promise<void> {
  const now = Date.now();
  const world = await startDemoEnvironment({ now });
  // The account arrives with ECR lifecycle policies, as every user of this product does (shared/seeds 000-002).
  putLifecyclePolicies(world);
  const previousEnv = { ...process.env };
  Object.assign(process.env, world.env);
  try {
    print(banner('Run 1: mode plan (the default). Nothing is deleted; this is what would be.'));
    const planned = await runOnce(world, 'demo-run-1');
    printPlan(planned, now, print);
    printSeedIncidents(planned, print);
    printEmail(world, print);
    print(banner('Run 2: the settings document now says `mode: delete`.'));
    switchToDeleteMode(world);
    const before = registryDigests(world);
    const deleted = await runOnce(world, 'demo-run-2');
    printDeletions(deleted, before, registryDigests(world), print);
    print(banner('Run 3: the lifecycle policies are removed (DeleteLifecyclePolicy), the migration\'s last step.'));
    await removeLifecyclePolicies(world);
    const third = await runOnce(world, 'demo-run-3');
    printCoexistence(planned, third, print);
  } finally {
    process.env = previousEnv;
    await world.close();
  }
  await runRegistryDemo(print);
}

async function runOnce(world: DemoEnvironment, runId: string): Promise<RunReport> {
  const dependencies = await buildDependencies({ clients: { fixedBackoffMs: 10 }, configPath: world.env.CONFIG_PATH, topicArn: world.env.TOPIC_ARN, state: { bucket: DEMO_JOURNAL.bucket, prefix: 'state/', legacyJournalKey: DEMO_JOURNAL.key }, telemetry: new StderrTelemetry(false), runId });
  return run(dependencies);
}

function printPlan(report: RunReport, now: number, print: Print): void {
  if (!report.plan) throw new Error(`the demo run did not plan: ${report.errors.join('; ')}`);
  print(renderPlanTable(report.plan.decisions, { now }));
  print('');
  print(`Repositories governed by no policy, never touched: ${report.plan.ungovernedRepositories.join(', ') || 'none'}`);
  for (const missing of report.missing) print(`Missing live image: ${missing.reference.location} -> ${missing.reference.image}`);
}

/** The four incidents the product was born from, and why each image survives. */
const SEED_INCIDENTS: readonly [string, string, string][] = [
  ['S1 in use outside "keep newest 3"', 'shop/api', 'api-5'],
  ['S2 rollback target tagged tag-1-252-0 and tag-1-253-0, pushed 60 days ago', 'shop/web', 'web-rollback'],
  ['S3 `latest` on a 120-day-old build', 'shop/worker', 'worker-old'],
  ['S4 a platform manifest of a multi-arch index under keep-1-untagged', 'platform/base', 'base-arm64'],
];

function printSeedIncidents(report: RunReport, print: Print): void {
  print(banner('The seed incidents: each image an ECR lifecycle rule would have lost'));
  for (const [incident, repository, name] of SEED_INCIDENTS) {
    const decision = report.plan?.decisions.find((d) => d.repository === repository && d.image.digest === digest(name));
    print(`${incident}
  ${repository}@${shortDigest(digest(name))}: ${decision?.action.toUpperCase() ?? 'MISSING'}: ${decision ? headlineReasons(decision)[0] : ''}`);
  }
}

function printEmail(world: DemoEnvironment, print: Print): void {
  const email = world.aws.account.sns.published.at(-1);
  print(banner('The email this run sent (SNS, plain text)'));
  print(email ? `Subject: ${email.subject}\n\n${email.message}` : '(no email was sent)');
}

/** Run 1's email named the governed repositories whose lifecycle policy could expire live images; run 3's names none. */
function printCoexistence(first: RunReport, third: RunReport, print: Print): void {
  const named = (report: RunReport) => (report.coexistence ?? []).flatMap((region) => region.withPolicy.map((found) => found.repository)).join(', ') || 'none';
  print(`Governed repositories under an ECR lifecycle policy: run 1 ${named(first)}; run 3 (${third.outcome}) ${named(third)}.`);
}

function switchToDeleteMode(world: DemoEnvironment): void {
  const settings = world.aws.account.ssm.parameters.find((p) => p.name.endsWith('settings'));
  if (!settings) throw new Error('the demo config has no settings document');
  settings.value = settings.value.replace('mode: plan', 'mode: delete');
}

function registryDigests(world: DemoEnvironment): Set<string> {
  return new Set(world.aws.account.ecr.repositories.flatMap((r) => r.images.map((i) => `${r.name}@${i.digest}`)));
}

function printDeletions(report: RunReport, before: Set<string>, after: Set<string>, print: Print): void {
  const performed = report.deletion?.kind === 'performed' ? report.deletion : { deleted: [], failed: [], skipped: [] };
  print(`Outcome: ${report.outcome}; ${performed.deleted.length} deleted, ${performed.failed.length} failed, ${performed.skipped.length} skipped.`);
  for (const d of performed.deleted) print(`  deleted ${d.repository}@${shortDigest(d.digest)} ${d.expectedTags.join(',') || '<untagged>'} (wave ${d.wave})`);
  const gone = [...before].filter((key) => !after.has(key));
  print(`The registry lost exactly ${gone.length} digests; ${after.size} remain.`);
}

function banner(text: string): string {
  return `\n== ${text}\n`;
}
