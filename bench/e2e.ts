/**
 * End-to-end benchmark: for each size, a world process generates the account (×1: 2,000 repositories, 200,000
 * images, 500 ECS services, 5,000 tasks, 20,000 pods on 4 EKS clusters, indexes, referrers, task definitions,
 * functions, job definitions, the config in SSM) and serves it through the emulators at 20 ms a call under AWS-like
 * quotas; a runner process runs the whole pipeline in plan mode with the production retry. Prints the figures per
 * size, the growth and its projection to 1,000,000 images; the last line is one JSON object for the ×1 size.
 *
 * `--regions 3` splits each size's account over us-east-1, eu-west-1 and ap-southeast-2 (bench/e2e-regions.ts: each
 * region its own registry and workloads, a share of them pulling from another region's registry) and runs one pipeline
 * covering the three, as the stack's REGIONS does; it adds per-region figures. The default, one region, is the account
 * the bench has always measured, so its figures stay comparable.
 *
 * Each size is run twice on the same account, as two scheduled invocations of the Lambda would be: cold, on an empty
 * state bucket, then warm, in a fresh runner process, on the state and task-definition cache the cold run left (the
 * world resets its counters in between). The warm run should describe no task definition the cache holds: the bench
 * prints its describes against that, the state's size in S3 and the state's S3 calls.
 *
 * After each run the world checks the plan against what it generated (bench/e2e-check.ts); a failed check, a run that
 * does not end `planned`, or a warm run describing other task definitions than the cache leaves it to fails the bench.
 *   npm run bench:e2e [-- --scale 0.1,1,2] [--regions 1|3] [--latency 20] [--seed 7]
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import {
  forkChild, nextMessage, type RunKind, type RunnerRequest, type RunnerResult, type WorldCounters, type WorldFinish, type WorldReady, type WorldRequest,
} from './e2e-protocol';
import { benchRegions } from './e2e-regions';
import { printGrowth, printSize, summaryLine, warmDescribesOk, warmView, type RunMeasure, type SizeMeasure } from './e2e-report';

const MINUTE = 60_000;
/**
 * ×3 alone takes ~9 minutes here (ECS's task-definition-read quota, 20 calls/s, binds the cold run), which would take
 * the default run past 10 minutes: the third default size is ×2. `--scale 0.1,1,3` runs the issue's sizes. Each size
 * runs twice; at ×1 the warm run takes about a quarter of the cold one's time (ECR's listing binds it).
 */
const DEFAULT_SCALES = '0.1,1,2';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function measureSize(factor: number, latencyMs: number, seed: number, regions: number): Promise<SizeMeasure> {
  const children: ChildProcess[] = [];
  const start = (file: string) => {
    const child = forkChild(join(__dirname, file));
    children.push(child);
    return child;
  };
  try {
    const worldProcess = start('e2e-world.ts');
    worldProcess.send({ type: 'start', factor, now: Date.now(), latencyMs, seed, regions } satisfies WorldRequest);
    const world = await nextMessage<WorldReady>(worldProcess, 'ready', 5 * MINUTE);
    const runOnce = async (kind: RunKind): Promise<RunMeasure> => {
      const runner = start('e2e-runner.ts');
      runner.send({ type: 'run', env: world.env, runId: `bench-e2e-x${factor}-${kind}` } satisfies RunnerRequest);
      const { planned, ...run } = await nextMessage<RunnerResult>(runner, 'result', 20 * MINUTE);
      worldProcess.send({ type: 'finish', run: kind, planned: planned ?? { deletions: [], live: [] } } satisfies WorldFinish);
      const counters = await nextMessage<WorldCounters>(worldProcess, 'counters', 5 * MINUTE);
      await exited(runner);
      return { run, counters };
    };
    const cold = await runOnce('cold');
    const warm = await runOnce('warm');
    worldProcess.send({ type: 'close' });
    await Promise.all(children.map(exited));
    return { factor, world, ...cold, warm };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function main(): Promise<void> {
  const scales = option('scale', DEFAULT_SCALES).split(',').map(Number);
  if (scales.some((factor) => !(factor > 0))) throw new Error(`--scale takes positive factors, e.g. 0.1,1,3`);
  const latencyMs = Number(option('latency', '20'));
  const seed = Number(option('seed', '7'));
  const regions = Number(option('regions', '1'));
  const names = benchRegions(regions);
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`bench:e2e — sizes ×${scales.join(', ×')}; ${regions === 1 ? `one region (${names[0]})` : `${regions} regions in one run (${names.join(', ')})`}; ` +
    `${latencyMs} ms per AWS call; AWS-like quotas${regions === 1 ? '' : ' per region'}; page sizes at the API maxima; plan mode; production retry`);
  const measures: SizeMeasure[] = [];
  for (const factor of scales) {
    const measure = await measureSize(factor, latencyMs, seed, regions);
    printSize(measure, print);
    measures.push(measure);
  }
  printGrowth(measures, print);
  const runs = measures.flatMap((m) => [{ label: `×${m.factor} cold`, measure: m }, { label: `×${m.factor} warm`, measure: warmView(m) }]);
  for (const { label, measure: failed } of runs.filter(({ measure: m }) => m.run.outcome !== 'planned')) {
    print(`FAILED at ${label}: the run ended ${failed.run.outcome}: ${[...failed.run.errors, ...failed.run.failedSources].join('; ')}`);
    process.exitCode = 1;
  }
  for (const { label, measure: failed } of runs.filter(({ measure: m }) => !m.counters.check.ok)) {
    print(`FAILED at ${label}: the plan does not match what the generator knows (the CHECK lines above): ${failed.counters.check.problems.length} problems`);
    process.exitCode = 1;
  }
  for (const failed of measures.filter((m) => !warmDescribesOk(m))) {
    const facts = failed.warm.counters.taskDefinitions;
    print(`FAILED at ×${failed.factor} warm: ${facts.described} task definitions described (expected ${facts.expected}), ${facts.describedAgain.length} of them described by the cold run already (the !!! lines above)`);
    process.exitCode = 1;
  }
  const reference = measures.reduce((best, m) => (Math.abs(Math.log(m.factor)) < Math.abs(Math.log(best.factor)) ? m : best));
  print(summaryLine(reference));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:e2e failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
