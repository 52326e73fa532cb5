/**
 * The fault campaign at scale (`npm run campaign -- [--runs 10000] [--estates N] [--seed 1] [--workers 3] [--concurrency 1]`):
 * case i is the case fast-check draws for seed `seed + i` (test/campaign/campaign-case.ts), estate i the multi-account
 * estate drawn for that seed (test/campaign/estate-case.ts; `--estates` defaults to `--runs`, 0 for none), run by one
 * of a few worker processes, each with its own emulators. Prints progress, then cases, violations (by invariant),
 * faults injected per kind, how the faulty runs ended; the estates' exchange faults, registry outcomes, deletions and
 * the window; and the time. Exits 1 when any invariant was violated.
 * `--seeds a,b,c` (`--estate-seeds a,b,c`) runs those cases (estates) instead (the failing ones of an earlier campaign).
 * `--replay <case seed>` (`--replay-estate <seed>`) runs one alone and prints it whole; the jest suite shrinks a case
 * with `CAMPAIGN_SEED=<case seed> CAMPAIGN_RUNS=1 CAMPAIGN_SHRINK=1 npx jest test/campaign/campaign.test.ts`, an estate
 * with `CAMPAIGN_SEED=<seed> CAMPAIGN_ESTATES=1 CAMPAIGN_SHRINK=1 npx jest test/campaign/estate-campaign.test.ts`.
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { caseOfSeed, runCase, type CaseOutcome } from '../test/campaign/campaign-case';
import { runEstateCase, type EstateOutcome } from '../test/campaign/estate-case';
import { estateOfSeed } from '../test/campaign/estate-spec';
import { EstateTally } from '../test/campaign/estate-tally';
import { CampaignTally } from '../test/campaign/tally';
import { issueTestCertificates } from '../emulator/k8s/certificates';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
/** Every case plans against the same instant, so a replay judges grace exactly as the campaign did. */
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

type CaseMessage =
  | { readonly kind: 'case'; readonly seed: number; readonly ms: number; readonly outcome: CaseOutcome }
  | { readonly kind: 'estate'; readonly seed: number; readonly ms: number; readonly outcome: EstateOutcome };

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '3' },
    /** Cases at once per worker. More than 1 makes the short request timeouts of the faulty runs fire spuriously. */
    concurrency: { type: 'string', default: '1' },
    estates: { type: 'string' },
    replay: { type: 'string' },
    'replay-estate': { type: 'string' },
    /** Comma-separated case seeds to run instead of `seed … seed + runs - 1` (e.g. the failing ones of a campaign). */
    seeds: { type: 'string' },
    'estate-seeds': { type: 'string' },
    worker: { type: 'string' },
  },
});

const list = (text: string | undefined): number[] => (text ? text.split(',').map(Number) : []);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => Number(values.seed) + i);

/** Each seed's case, then each estate seed's estate, `concurrency` at once; each report is awaited before the next. */
async function runSeeds(seeds: readonly number[], estateSeeds: readonly number[], concurrency: number, report: (message: CaseMessage) => Promise<void> | void): Promise<void> {
  const certificates = issueTestCertificates();
  const timed = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const outcome = await run();
    return { ms: performance.now() - started, outcome };
  };
  const jobs: (() => Promise<CaseMessage>)[] = [
    ...seeds.map((seed) => async () => ({ kind: 'case' as const, seed, ...(await timed(() => runCase(...caseOfSeed(seed), { certificates, now: NOW }))) })),
    ...estateSeeds.map((seed) => async () => ({ kind: 'estate' as const, seed, ...(await timed(() => runEstateCase(estateOfSeed(seed), NOW))) })),
  ];
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await report(await (jobs[next++] as () => Promise<CaseMessage>)());
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** A worker: its share of the seeds, one message per case or estate. */
async function worker(): Promise<void> {
  // Each message is handed over before the next case: the worker exits as soon as its share is done.
  await runSeeds(list(values.seeds), list(values['estate-seeds']), Number(values.worker), (message) => new Promise<void>((resolve) => process.send?.(message, () => resolve())));
}

/** Adds a finished case or estate to its tally, printing its violations as they come. */
function record(message: CaseMessage, tally: CampaignTally, estates: EstateTally): void {
  if (message.kind === 'case') {
    tally.add(message.outcome, message.seed);
    for (const violation of message.outcome.violations) console.log(`[campaign] VIOLATION case seed ${message.seed}: invariant ${violation.invariant} after ${violation.step}: ${violation.detail}`);
  } else {
    estates.add(message.outcome, message.seed);
    for (const violation of message.outcome.violations) console.log(`[campaign] VIOLATION estate seed ${message.seed} (${message.outcome.kind}): invariant ${violation.invariant}: ${violation.detail}`);
  }
}

function startWorker(w: number, workers: number, seeds: readonly number[], estateSeeds: readonly number[], onMessage: (message: CaseMessage) => void): Promise<void> {
  const share = (all: readonly number[]) => all.filter((_, i) => i % workers === w).join(',');
  return new Promise<void>((resolve, reject) => {
    const child = fork(__filename, ['--worker', String(values.concurrency), '--seeds', share(seeds), '--estate-seeds', share(estateSeeds)], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
    child.on('message', onMessage);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`))));
  });
}

async function coordinator(): Promise<void> {
  // Seeds given for one kind run that kind only.
  const seeds = values.seeds !== undefined ? list(values.seeds) : values['estate-seeds'] !== undefined ? [] : range(Number(values.runs));
  const estateSeeds = values['estate-seeds'] !== undefined ? list(values['estate-seeds']) : values.seeds !== undefined ? [] : range(Number(values.estates ?? values.runs));
  const total = seeds.length + estateSeeds.length;
  const workers = Math.max(1, Math.min(total, Number(values.workers)));
  const tally = new CampaignTally();
  const estates = new EstateTally();
  const started = performance.now();
  const every = Math.max(1, Math.round(total / 20));
  console.log(`[campaign] ${seeds.length} cases and ${estateSeeds.length} estates (seeds from ${seeds[0] ?? estateSeeds[0]}): ${workers} workers × ${values.concurrency} at once`);
  await Promise.all(Array.from({ length: workers }, (_, w) => startWorker(w, workers, seeds, estateSeeds, (message) => {
    record(message, tally, estates);
    const done = tally.cases + estates.estates;
    if (done % every !== 0) return;
    const seconds = (performance.now() - started) / 1000;
    console.log(`[campaign] ${done}/${total} done, ${tally.violations + estates.violations} violations, ${seconds.toFixed(0)} s, ~${((seconds / done) * (total - done)).toFixed(0)} s to go`);
  })));
  const seconds = (performance.now() - started) / 1000;
  printFigures(tally, estates, seconds, workers);
  process.exitCode = tally.violations + estates.violations > 0 ? 1 : 0;
}

function printFigures(tally: CampaignTally, estates: EstateTally, seconds: number, workers: number): void {
  if (tally.cases > 0) for (const line of tally.lines()) console.log(line);
  if (estates.estates > 0) for (const line of estates.lines()) console.log(line);
  const done = Math.max(1, tally.cases + estates.estates);
  console.log(`time: ${seconds.toFixed(1)} s (${((seconds * 1000) / done).toFixed(0)} ms per case or estate, ${workers} workers)`);
  if (tally.failing.length > 0) {
    console.log(`failing case seeds (first 10): ${tally.failing.slice(0, 10).map((f) => f.seed).join(' ')}; replay one: npm run campaign -- --replay <seed>`);
  }
  if (estates.failing.length > 0) {
    console.log(`failing estate seeds (first 10): ${estates.failing.slice(0, 10).map((f) => f.seed).join(' ')}; replay one: npm run campaign -- --replay-estate <seed>`);
  }
  console.log(JSON.stringify({
    bench: 'campaign', cases: tally.cases, violations: tally.violations, failingCases: tally.failing.length, faults: tally.faults,
    estates: {
      estates: estates.estates, violations: estates.violations, failing: estates.failing.length, exchangeFaults: estates.kinds, outcomes: estates.outcomes,
      deleted: estates.deleted, deletable: estates.deletable, deletedWhenBlocked: estates.deletedWhenBlocked, late: estates.late,
      foreignWrites: { attempted: estates.foreignAttempts, denied: estates.foreignDenied },
    },
    seconds: Math.round(seconds),
  }));
}

async function replay(seed: number): Promise<void> {
  const [spec, plan] = caseOfSeed(seed);
  console.log(JSON.stringify({ seed, spec, plan }, null, 1));
  await runSeeds([seed], [], 1, ({ outcome, ms }) => {
    console.log(JSON.stringify({ ms: Math.round(ms), ...outcome }, null, 1));
    process.exitCode = outcome.violations.length > 0 ? 1 : 0;
  });
}

async function replayEstate(seed: number): Promise<void> {
  console.log(JSON.stringify({ seed, spec: estateOfSeed(seed) }, null, 1));
  await runSeeds([], [seed], 1, ({ outcome, ms }) => {
    console.log(JSON.stringify({ ms: Math.round(ms), ...outcome }, null, 1));
    process.exitCode = outcome.violations.length > 0 ? 1 : 0;
  });
}

const main = values.replay !== undefined ? () => replay(Number(values.replay))
  : values['replay-estate'] !== undefined ? () => replayEstate(Number(values['replay-estate']))
    : values.worker !== undefined ? worker : coordinator;
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
