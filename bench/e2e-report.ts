/**
 * What the bench prints: per size, the account, the run (wall time, RSS, when each source finished), calls per API
 * against the minimum with when each API was busy, and the quota floors; then how cost grows with size, a linear fit
 * projected to 1,000,000 images, and the one-line JSON summary.
 */
import type { RunnerResult, WorldCounters, WorldReady } from './e2e-protocol';

export interface SizeMeasure {
  readonly factor: number;
  readonly world: WorldReady;
  readonly run: RunnerResult;
  readonly counters: WorldCounters;
}

type Print = (line: string) => void;

const LAMBDA_LIMIT_SECONDS = 900;
const PROJECTED_IMAGES = 1_000_000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const s1 = (value: number) => value.toFixed(1);

export function totals(measure: SizeMeasure) {
  const calls = Object.values(measure.counters.calls).reduce((a, b) => a + b, 0);
  const throttled = Object.values(measure.counters.throttled).reduce((a, b) => a + b, 0);
  const minCalls = measure.counters.minimum.total;
  return { calls, throttled, accepted: calls - throttled, minCalls, ratio: calls / minCalls, acceptedRatio: (calls - throttled) / minCalls };
}

export function printSize(measure: SizeMeasure, print: Print): void {
  const { world, run, counters } = measure;
  const st = world.stats;
  print(`\n== ×${measure.factor}: ${n(st.repositories)} repositories, ${n(st.images)} images (${n(st.indexes)} multi-arch indexes, ${n(st.referrers)} referrers/signatures), ` +
    `${st.ecsClusters} ECS clusters, ${n(st.services)} services, ${n(st.tasks)} tasks, ${n(st.taskDefinitions)} task definitions, ` +
    `${st.eksClusters} EKS clusters, ${n(st.pods)} pods (${n(st.kubernetesObjects)} Kubernetes objects), ${st.functions} functions, ${st.jobDefinitions} job definitions`);
  print(`generated in ${s1(world.generationSeconds)} s in the world process (RSS ${n(world.worldRssMB)} MB with both emulators); not part of the figures below`);
  print(`run: ${run.outcome} in ${s1(run.seconds)} s (CPU ${s1(run.cpuSeconds)} s); peak RSS ${n(run.peakRssMB)} MB (${n(run.baselineRssMB)} MB before the run: node, ts-node, SDK; the run added ${n(run.peakRssMB - run.baselineRssMB)} MB)`);
  const sources = Object.entries(run.sourceSeconds).sort((a, b) => a[1] - b[1])
    .map(([name, t]) => `${name} ${s1(t)} s${run.sourceReferences[name] === undefined ? '' : ` (${n(run.sourceReferences[name] ?? 0)} references)`}`).join(', ');
  print(`finished (seconds from the start): ${sources}; plan + report in the remaining ${s1(run.seconds - Math.max(...Object.values(run.sourceSeconds)))} s`);
  print(`plan: ${n(run.images)} images in ${n(run.repositories)} repositories, ${n(run.liveReferences)} live references (${run.missing} missing), ` +
    `${n(run.deletions)} digests would be deleted; email sent: ${counters.published > 0 ? 'yes' : 'no'}`);
  for (const problem of [...run.errors, ...run.failedSources]) print(`  PROBLEM: ${problem}`);
  printCalls(measure, print);
  printFloors(measure, print);
}

function printCalls(measure: SizeMeasure, print: Print): void {
  const { counters, run } = measure;
  const apis = [...new Set([...Object.keys(counters.minimum.perApi), ...Object.keys(counters.calls)])].sort();
  print(`calls per API (minimum: bench/e2e-minimum.ts; busy: first–last second it was called, from the start of the run)`);
  print(`  ${'API'.padEnd(34)}${'calls'.padStart(8)}${'throttled'.padStart(11)}${'minimum'.padStart(9)}${'excess'.padStart(8)}   busy`);
  for (const api of apis) {
    const calls = counters.calls[api] ?? 0;
    const throttled = counters.throttled[api] ?? 0;
    const minimum = counters.minimum.perApi[api] ?? 0;
    const busy = counters.activity[api];
    const window = busy ? `${s1((busy.first - run.startedAt) / 1000)}–${s1((busy.last - run.startedAt) / 1000)} s` : '';
    const excess = calls - throttled - minimum;
    print(`  ${api.padEnd(34)}${n(calls).padStart(8)}${n(throttled).padStart(11)}${n(minimum).padStart(9)}${(excess === 0 ? '0' : `${excess > 0 ? '+' : ''}${n(excess)}`).padStart(8)}   ${window}`);
  }
  const kube = Object.entries(counters.kubernetes).map(([resource, count]) => `${resource} ${count}`).join(', ');
  print(`  (k8s.list by resource: ${kube})`);
  const t = totals(measure);
  print(`total: ${n(t.calls)} calls (${n(t.throttled)} throttled, ${n(t.accepted)} answered); minimum ${n(t.minCalls)}: ratio ${t.ratio.toFixed(3)} ` +
    `(answered calls ${t.acceptedRatio.toFixed(3)}); the issue's shorter formula gives ${n(counters.minimum.issueFormula)} ` +
    `(${n(counters.minimum.distinctTaskDefinitions)} distinct task definitions)`);
}

function printFloors(measure: SizeMeasure, print: Print): void {
  print(`quota floors (answered calls past the burst at the sustained rate: the least time AWS allows for them):`);
  for (const bucket of measure.counters.buckets.slice(0, 6)) {
    print(`  ${bucket.bucket.padEnd(30)}${n(bucket.accepted).padStart(7)} calls (${n(bucket.throttled)} throttled) at burst ${bucket.burst}, ${bucket.perSecond}/s → ${s1(bucket.floorSeconds)} s`);
  }
}

/** Least squares y = a + b·x. */
export function linearFit(points: readonly (readonly [number, number])[]): { a: number; b: number } {
  const count = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / count;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / count;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
  return { a: my - b * mx, b };
}

export function printGrowth(measures: readonly SizeMeasure[], print: Print): void {
  print(`\n== growth`);
  print(`  ${'scale'.padEnd(7)}${'images'.padStart(10)}${'seconds'.padStart(9)}${'CPU s'.padStart(7)}${'peak RSS'.padStart(10)}${'run RSS'.padStart(9)}${'calls'.padStart(9)}${'minimum'.padStart(9)}${'ratio'.padStart(7)}${'throttled'.padStart(10)}   binding quota floor`);
  for (const m of measures) {
    const t = totals(m);
    const floor = m.counters.buckets[0];
    print(`  ${`×${m.factor}`.padEnd(7)}${n(m.world.stats.images).padStart(10)}${s1(m.run.seconds).padStart(9)}${s1(m.run.cpuSeconds).padStart(7)}${`${n(m.run.peakRssMB)} MB`.padStart(10)}${`${n(m.run.peakRssMB - m.run.baselineRssMB)} MB`.padStart(9)}` +
      `${n(t.calls).padStart(9)}${n(t.minCalls).padStart(9)}${t.ratio.toFixed(2).padStart(7)}${n(t.throttled).padStart(10)}   ${floor ? `${floor.bucket} ${s1(floor.floorSeconds)} s` : ''}`);
  }
  if (measures.length < 2) return;
  const fit = (value: (m: SizeMeasure) => number) => {
    const { a, b } = linearFit(measures.map((m) => [m.world.stats.images, value(m)] as const));
    return a + b * PROJECTED_IMAGES;
  };
  const seconds = fit((m) => m.run.seconds);
  print(`linear fit to ${n(PROJECTED_IMAGES)} images (the whole account grows with them): ${s1(seconds)} s wall time ` +
    `(${seconds <= LAMBDA_LIMIT_SECONDS ? 'fits' : 'does NOT fit'} a 15-minute Lambda: ${Math.round((seconds / LAMBDA_LIMIT_SECONDS) * 100)} % of it), ` +
    `CPU ${s1(fit((m) => m.run.cpuSeconds))} s, peak RSS ${n(fit((m) => m.run.peakRssMB))} MB, ${n(fit((m) => totals(m).calls))} calls`);
  print(`quota buckets at ${n(PROJECTED_IMAGES)} images (calls fitted linearly; the most a bucket lets through in 15 minutes is burst + rate × 900 s):`);
  const largest = measures.at(-1) as SizeMeasure;
  for (const bucket of largest.counters.buckets.slice(0, 3)) {
    const calls = fit((m) => m.counters.buckets.find((b) => b.bucket === bucket.bucket)?.accepted ?? 0);
    const limit = bucket.burst + bucket.perSecond * LAMBDA_LIMIT_SECONDS;
    print(`  ${bucket.bucket.padEnd(30)}${n(calls).padStart(8)} calls → floor ${s1(Math.max(0, (calls - bucket.burst) / bucket.perSecond))} s; 15-minute limit ${n(limit)} calls (${Math.round((calls / limit) * 100)} % of it)`);
  }
}

export function summaryLine(measure: SizeMeasure): string {
  const t = totals(measure);
  return JSON.stringify({
    bench: 'e2e', images: measure.world.stats.images, seconds: Number(measure.run.seconds.toFixed(1)), peakRssMB: Math.round(measure.run.peakRssMB),
    calls: t.calls, minCalls: t.minCalls,
  });
}
