/**
 * The fault campaign at scale (`npm run campaign -- [--runs 10000] [--seed 1] [--workers 3] [--concurrency 1]`):
 * case i is the case fast-check draws for seed `seed + i` (test/campaign/campaign-case.ts), run by one of a few
 * worker processes, each with its own emulators. Prints progress, then cases, violations (by invariant), faults
 * injected per kind, how the faulty runs ended, and the time; exits 1 when any invariant was violated.
 * `--seeds a,b,c` runs those cases instead (the failing ones of an earlier campaign, say).
 * `--replay <case seed>` runs one case alone and prints it whole; the jest suite shrinks it with
 * `CAMPAIGN_SEED=<case seed> CAMPAIGN_RUNS=1 CAMPAIGN_SHRINK=1 npx jest test/campaign`.
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { caseOfSeed, runCase, type CaseOutcome } from '../test/campaign/campaign-case';
import { CampaignTally } from '../test/campaign/tally';
import { issueTestCertificates } from '../emulator/k8s/certificates';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
/** Every case plans against the same instant, so a replay judges grace exactly as the campaign did. */
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

interface CaseMessage {
  readonly seed: number;
  readonly ms: number;
  readonly outcome: CaseOutcome;
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '3' },
    /** Cases at once per worker. More than 1 makes the short request timeouts of the faulty runs fire spuriously. */
    concurrency: { type: 'string', default: '1' },
    replay: { type: 'string' },
    /** Comma-separated case seeds to run instead of `seed … seed + runs - 1` (e.g. the failing ones of a campaign). */
    seeds: { type: 'string' },
    worker: { type: 'string' },
  },
});

async function runSeeds(seeds: readonly number[], concurrency: number, report: (message: CaseMessage) => Promise<void> | void): Promise<void> {
  const certificates = issueTestCertificates();
  let next = 0;
  const lane = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++] as number;
      const [spec, plan] = caseOfSeed(seed);
      const started = performance.now();
      const outcome = await runCase(spec, plan, { certificates, now: NOW });
      await report({ seed, ms: performance.now() - started, outcome });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** A worker: its share of the seeds, one message per case. */
async function worker(): Promise<void> {
  const seeds = (values.seeds ?? '').split(',').map(Number);
  // Each message is handed over before the next case: the worker exits as soon as its share is done.
  await runSeeds(seeds, Number(values.worker), (message) => new Promise<void>((resolve) => process.send?.(message, () => resolve())));
}

async function coordinator(): Promise<void> {
  const seeds = values.seeds !== undefined ? values.seeds.split(',').map(Number)
    : Array.from({ length: Number(values.runs) }, (_, i) => Number(values.seed) + i);
  const runs = seeds.length;
  const workers = Math.max(1, Math.min(runs, Number(values.workers)));
  const tally = new CampaignTally();
  const started = performance.now();
  const every = Math.max(1, Math.round(runs / 20));
  console.log(`[campaign] ${runs} cases (seeds ${seeds[0]}…${seeds[runs - 1]}): ${workers} workers × ${values.concurrency} cases at once`);
  await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<void>((resolve, reject) => {
    const share = seeds.filter((_, i) => i % workers === w).join(',');
    const child = fork(__filename, ['--worker', String(values.concurrency), '--seeds', share], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
    child.on('message', (message: CaseMessage) => {
      tally.add(message.outcome, message.seed);
      for (const violation of message.outcome.violations) console.log(`[campaign] VIOLATION case seed ${message.seed}: invariant ${violation.invariant} after ${violation.step}: ${violation.detail}`);
      if (tally.cases % every === 0) {
        const seconds = (performance.now() - started) / 1000;
        console.log(`[campaign] ${tally.cases}/${runs} cases, ${tally.violations} violations, ${seconds.toFixed(0)} s, ~${((seconds / tally.cases) * (runs - tally.cases)).toFixed(0)} s to go`);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
  })));
  const seconds = (performance.now() - started) / 1000;
  for (const line of tally.lines()) console.log(line);
  console.log(`time: ${seconds.toFixed(1)} s (${((seconds * 1000) / Math.max(1, tally.cases)).toFixed(0)} ms per case, ${workers} workers)`);
  if (tally.failing.length > 0) {
    console.log(`failing case seeds (first 10): ${tally.failing.slice(0, 10).map((f) => f.seed).join(' ')}; replay one: npm run campaign -- --replay <seed>`);
  }
  console.log(JSON.stringify({ bench: 'campaign', cases: tally.cases, violations: tally.violations, failingCases: tally.failing.length, faults: tally.faults, seconds: Math.round(seconds) }));
  process.exitCode = tally.violations > 0 ? 1 : 0;
}

async function replay(seed: number): Promise<void> {
  const [spec, plan] = caseOfSeed(seed);
  console.log(JSON.stringify({ seed, spec, plan }, null, 1));
  await runSeeds([seed], 1, ({ outcome, ms }) => {
    console.log(JSON.stringify({ ms: Math.round(ms), ...outcome }, null, 1));
    process.exitCode = outcome.violations.length > 0 ? 1 : 0;
  });
}

const main = values.replay !== undefined ? () => replay(Number(values.replay)) : values.worker !== undefined ? worker : coordinator;
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
