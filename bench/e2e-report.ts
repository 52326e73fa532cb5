/**
 * What the bench prints: per size, the account, then each of its two runs — cold (no state) and warm (the state and
 * task-definition cache the cold run left) —: wall time, RSS, when each source finished, calls per API against that
 * run's minimum with when each API was busy, and the quota floors; over several regions, each region's share (images,
 * references, calls against its own minimum, calls per service, deletions); the check of the plan against what the
 * generator knows. The warm run adds its task-definition describes against what the cache should spare, and the size
 * of the state in S3 with the state's S3 calls. Then how cost grows with size, a linear fit projected to 1,000,000
 * images, and the one-line JSON summary.
 */
import type { RegionCounters, RegionRun, RunnerResult, StateSizes, WorldCounters, WorldReady } from './e2e-protocol';

/** One run of a size: what the runner measured, and what the world counted meanwhile. */
export interface RunMeasure {
  readonly run: RunnerResult;
  readonly counters: WorldCounters;
}

/** A size: `run` and `counters` are the cold run's (the figures the bench has always printed), `warm` the next run's. */
export interface SizeMeasure extends RunMeasure {
  readonly factor: number;
  readonly world: WorldReady;
  readonly warm: RunMeasure;
}

type Print = (line: string) => void;

const LAMBDA_LIMIT_SECONDS = 900;
/** The issue's target for a warm run at ×1: what the ECR listing alone needs at its quota. */
const WARM_TARGET_SECONDS = 60;
const PROJECTED_IMAGES = 1_000_000;
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const s1 = (value: number) => value.toFixed(1);
const kb = (bytes: number) => (bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1048576).toFixed(2)} MB`);

/** The size with its warm run in place of the cold one: what every per-run printer takes. */
export function warmView(measure: SizeMeasure): SizeMeasure {
  return { ...measure, run: measure.warm.run, counters: measure.warm.counters };
}

export function totals(measure: RunMeasure) {
  const calls = Object.values(measure.counters.calls).reduce((a, b) => a + b, 0);
  const throttled = Object.values(measure.counters.throttled).reduce((a, b) => a + b, 0);
  const minCalls = measure.counters.minimum.total;
  return { calls, throttled, accepted: calls - throttled, minCalls, ratio: calls / minCalls, acceptedRatio: (calls - throttled) / minCalls };
}

export function printSize(measure: SizeMeasure, print: Print): void {
  const { world } = measure;
  const st = world.stats;
  const where = world.regions.length > 1 ? ` over ${world.regions.length} regions (${world.regions.map((r) => r.region).join(', ')})` : '';
  print(`\n== ×${measure.factor}${where}: ${n(st.repositories)} repositories, ${n(st.images)} images (${n(st.indexes)} multi-arch indexes, ${n(st.referrers)} referrers/signatures), ` +
    `${st.ecsClusters} ECS clusters, ${n(st.services)} services, ${n(st.tasks)} tasks, ${n(st.taskDefinitions)} task definitions, ` +
    `${st.eksClusters} EKS clusters, ${n(st.pods)} pods (${n(st.kubernetesObjects)} Kubernetes objects), ${st.functions} functions, ${st.jobDefinitions} job definitions`);
  print(`generated in ${s1(world.generationSeconds)} s in the world process (RSS ${n(world.worldRssMB)} MB with both emulators); not part of the figures below`);
  print(`-- cold run (an empty state bucket: no state, no task-definition cache)`);
  printRun(measure, print);
  const warm = warmView(measure);
  print(`-- warm run (the same account, the state and task-definition cache the cold run left; counters reset)`);
  printRun(warm, print);
  printWarmDescribes(measure, print);
  printState(measure, print);
}

function printRun(measure: SizeMeasure, print: Print): void {
  const { world, run, counters } = measure;
  print(`run: ${run.outcome} in ${s1(run.seconds)} s (CPU ${s1(run.cpuSeconds)} s); peak RSS ${n(run.peakRssMB)} MB (${n(run.baselineRssMB)} MB before the run: node, ts-node, SDK; the run added ${n(run.peakRssMB - run.baselineRssMB)} MB)`);
  const sources = Object.entries(run.sourceSeconds).sort((a, b) => a[1] - b[1])
    .map(([name, t]) => `${name} ${s1(t)} s${run.sourceReferences[name] === undefined ? '' : ` (${n(run.sourceReferences[name] ?? 0)} references)`}`).join(', ');
  const finished = world.regions.length > 1 ? `finished in every region (seconds from the start; references: all regions')` : 'finished (seconds from the start)';
  print(`${finished}: ${sources}; plan + report in the remaining ${s1(run.seconds - Math.max(...Object.values(run.sourceSeconds)))} s`);
  print(`plan: ${n(run.images)} images in ${n(run.repositories)} repositories, ${n(run.liveReferences)} live references (${run.missing} missing), ` +
    `${n(run.deletions)} digests would be deleted; email sent: ${counters.published > 0 ? 'yes' : 'no'}`);
  for (const problem of [...run.errors, ...run.failedSources]) print(`  PROBLEM: ${problem}`);
  printCalls(measure, print);
  printFloors(measure, print);
  if (world.regions.length > 1) printRegions(measure, print);
  printCheck(measure, print);
}

/** The warm run's DescribeTaskDefinition against what the cache the cold run left should spare; loud when it is not. */
function printWarmDescribes(measure: SizeMeasure, print: Print): void {
  const cold = measure.counters.taskDefinitions;
  const facts = measure.warm.counters.taskDefinitions;
  const minimum = measure.warm.counters.minimum;
  print(`cold task-definition describes: ${n(cold.described)} (expected ${n(cold.expected)}), of ${n(cold.known)} distinct ACTIVE definitions (what the cache keeps)`);
  print(`warm task-definition describes: ${n(facts.described)} (expected ${n(facts.expected)}: ${n(minimum.distinctTaskDefinitions)} distinct task definitions read, ` +
    `${n(minimum.cachedTaskDefinitions)} of them answered by the cache, which held ${n(facts.known)} ACTIVE definitions the cold run described)`);
  if (facts.described !== facts.expected) print(`  !!! WARM DESCRIBES: ${n(facts.described)} DescribeTaskDefinition answered, expected ${n(facts.expected)}`);
  if (facts.describedAgain.length > 0) {
    print(`  !!! THE WARM RUN DESCRIBED ${n(facts.describedAgain.length)} ACTIVE TASK DEFINITIONS THE COLD RUN HAD DESCRIBED: ${facts.describedAgain.slice(0, 5).join(', ')}${facts.describedAgain.length > 5 ? ', …' : ''}`);
  }
}

export function warmDescribesOk(measure: SizeMeasure): boolean {
  const facts = measure.warm.counters.taskDefinitions;
  return facts.described === facts.expected && facts.describedAgain.length === 0;
}

function s3Calls(counters: WorldCounters): string {
  const api = (name: string) => `${name} ${n(counters.calls[`s3.${name}`] ?? 0)} (minimum ${n(counters.minimum.perApi[`s3.${name}`] ?? 0)})`;
  return `${api('GetObject')}, ${api('PutObject')}`;
}

function printState(measure: SizeMeasure, print: Print): void {
  const line = (label: string, state: StateSizes) => `${label} ${kb(state.totalBytes)} in ${state.objects} objects`;
  print(`state in S3 (gzip bytes under state/): ${line('after the cold run', measure.counters.state)}, ${line('after the warm run', measure.warm.counters.state)}`);
  for (const region of measure.warm.counters.state.perRegion) {
    const cold = measure.counters.state.perRegion.find((r) => r.region === region.region);
    print(`  ${region.region.padEnd(16)}state/${region.region}.json.gz ${n(region.stateBytes)} B (cold run: ${n(cold?.stateBytes ?? 0)} B); ` +
      `state/${region.region}/task-definitions.json.gz ${n(region.cacheBytes)} B, ${n(region.cachedDefinitions)} definitions (cold run: ${n(cold?.cacheBytes ?? 0)} B, ${n(cold?.cachedDefinitions ?? 0)})`);
  }
  print(`state's S3 calls: cold ${s3Calls(measure.counters)}; warm ${s3Calls(measure.warm.counters)} (the cache's autosaves, every 30 s while a run describes, are above the minimum)`);
}

/** One region's calls, answered calls and minimum, in all. */
export function regionTotals(region: RegionCounters) {
  const sum = (record: Readonly<Record<string, number>>) => Object.values(record).reduce((a, b) => a + b, 0);
  const calls = sum(region.calls);
  const answered = sum(region.answered);
  return { calls, answered, throttled: calls - answered, minCalls: region.minimum.total, ratio: calls / region.minimum.total };
}

function printRegions(measure: SizeMeasure, print: Print): void {
  const { world, run, counters } = measure;
  print(`per region (references: what its live sources found, → elsewhere: naming another region's registry; live: distinct images of its registry ` +
    `the plan keeps live, for others: only other regions' workloads pull them; calls against the region's own minimum)`);
  print(`  ${'region'.padEnd(16)}${'repos'.padStart(6)}${'images'.padStart(9)}${'refs'.padStart(8)}${'→ elsewhere'.padStart(12)}${'live'.padStart(7)}${'for others'.padStart(11)}` +
    `${'deletions'.padStart(10)}${'calls'.padStart(8)}${'throttled'.padStart(10)}${'minimum'.padStart(9)}${'ratio'.padStart(7)}   finished (s)`);
  for (const stats of world.regions) {
    const region = stats.region;
    const counted = counters.regions.find((r) => r.region === region) as RegionCounters;
    const ran = run.regions.find((r) => r.region === region) as RegionRun;
    const t = regionTotals(counted);
    const finished = Object.entries(ran.sourceSeconds).sort((a, b) => a[1] - b[1]).map(([name, at]) => `${name} ${s1(at)}`).join(', ');
    print(`  ${region.padEnd(16)}${n(stats.stats.repositories).padStart(6)}${n(stats.stats.images).padStart(9)}${n(ran.references).padStart(8)}${n(ran.crossRegionReferences).padStart(12)}` +
      `${n(ran.liveImages).padStart(7)}${n(ran.liveOnlyFromOtherRegions).padStart(11)}${n(ran.deletions).padStart(10)}${n(t.calls).padStart(8)}${n(t.throttled).padStart(10)}` +
      `${n(t.minCalls).padStart(9)}${t.ratio.toFixed(3).padStart(7)}   ${finished}`);
  }
  print(`calls per service and region (calls/minimum; answered calls above the minimum listed by API)`);
  for (const counted of counters.regions) {
    const services = new Map<string, { calls: number; minimum: number }>();
    for (const api of new Set([...Object.keys(counted.calls), ...Object.keys(counted.minimum.perApi)])) {
      const service = api.slice(0, api.indexOf('.'));
      const entry = services.get(service) ?? { calls: 0, minimum: 0 };
      services.set(service, { calls: entry.calls + (counted.calls[api] ?? 0), minimum: entry.minimum + (counted.minimum.perApi[api] ?? 0) });
    }
    const line = [...services].filter(([, { calls, minimum }]) => calls + minimum > 0).sort((a, b) => b[1].calls - a[1].calls).map(([service, { calls, minimum }]) => `${service} ${n(calls)}/${n(minimum)}`).join(', ');
    const excess = Object.keys(counted.answered).sort()
      .map((api) => [api, (counted.answered[api] ?? 0) - (counted.minimum.perApi[api] ?? 0)] as const).filter(([, extra]) => extra !== 0)
      .map(([api, extra]) => `${api} ${extra > 0 ? '+' : ''}${n(extra)}`);
    print(`  ${counted.region.padEnd(16)}${line}${excess.length > 0 ? `; excess: ${excess.join(', ')}` : ''}`);
  }
}

function printCheck(measure: SizeMeasure, print: Print): void {
  const check = measure.counters.check;
  const cross = measure.world.regions.length > 1 ? ` (${n(check.crossRegionReferenced)} of them pulled by another region's workloads, ${n(check.crossRegionOnly)} only by them)` : '';
  const alone = check.perRegionOnly
    ? `; deciding each region on its own references alone would delete ${n(check.perRegionOnly.count)} more (${n(check.perRegionOnly.crossRegionKept)} of them pulled only by other regions' workloads, or attached to such an image)`
    : '';
  print(`check (bench/e2e-check.ts): ${check.ok ? 'ok' : 'FAILED'} — the generated workloads reference ${n(check.referenced)} images${cross}, ` +
    `${n(check.mustKeep)} with their index children, referrers and signatures; ${check.ok ? '' : 'expected: '}the run's live set is exactly the referenced images, ` +
    `and none of the ${n(check.deletions)} planned deletions is one of the ${n(check.mustKeep)}${alone}`);
  for (const problem of check.problems) print(`  CHECK: ${problem}`);
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
  print(`  ${'scale'.padEnd(7)}${'run'.padEnd(5)}${'images'.padStart(10)}${'seconds'.padStart(9)}${'CPU s'.padStart(7)}${'peak RSS'.padStart(10)}${'run RSS'.padStart(9)}${'calls'.padStart(9)}${'minimum'.padStart(9)}${'ratio'.padStart(7)}` +
    `${'throttled'.padStart(10)}${'describes'.padStart(10)}${'state'.padStart(10)}   binding quota floor`);
  for (const m of measures) {
    for (const [kind, r] of [['cold', m], ['warm', m.warm]] as const) {
      const t = totals(r);
      const floor = r.counters.buckets[0];
      print(`  ${(kind === 'cold' ? `×${m.factor}` : '').padEnd(7)}${kind.padEnd(5)}${n(m.world.stats.images).padStart(10)}${s1(r.run.seconds).padStart(9)}${s1(r.run.cpuSeconds).padStart(7)}` +
        `${`${n(r.run.peakRssMB)} MB`.padStart(10)}${`${n(r.run.peakRssMB - r.run.baselineRssMB)} MB`.padStart(9)}${n(t.calls).padStart(9)}${n(t.minCalls).padStart(9)}${t.ratio.toFixed(2).padStart(7)}` +
        `${n(t.throttled).padStart(10)}${n(r.counters.taskDefinitions.described).padStart(10)}${kb(r.counters.state.totalBytes).padStart(10)}   ${floor ? `${floor.bucket} ${s1(floor.floorSeconds)} s` : ''}`);
    }
  }
  for (const m of measures.filter((m) => m.factor === 1)) {
    print(`warm run at ×1: ${s1(m.warm.run.seconds)} s, ${m.warm.run.seconds <= WARM_TARGET_SECONDS ? 'within' : 'ABOVE'} the ${WARM_TARGET_SECONDS} s target; ` +
      `${n(m.warm.counters.taskDefinitions.describedAgain.length)} task definitions described again`);
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
  const warmSeconds = fit((m) => m.warm.run.seconds);
  print(`  warm: ${s1(warmSeconds)} s wall time (${Math.round((warmSeconds / LAMBDA_LIMIT_SECONDS) * 100)} % of the limit), CPU ${s1(fit((m) => m.warm.run.cpuSeconds))} s, ` +
    `peak RSS ${n(fit((m) => m.warm.run.peakRssMB))} MB, ${n(fit((m) => totals(m.warm).calls))} calls; state ${kb(fit((m) => m.warm.counters.state.totalBytes))}`);
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
  const { world, run, counters } = measure;
  const check = counters.check;
  const perRegion = world.regions.length > 1
    ? {
      perRegion: world.regions.map(({ region, stats }) => {
        const ran = run.regions.find((r) => r.region === region) as RegionRun;
        const r = regionTotals(counters.regions.find((c) => c.region === region) as RegionCounters);
        return {
          region, images: stats.images, references: ran.references, crossRegionReferences: ran.crossRegionReferences, calls: r.calls, minCalls: r.minCalls,
          throttled: r.throttled, deletions: ran.deletions, keptForOtherRegions: ran.liveOnlyFromOtherRegions,
        };
      }),
      crossRegionOnly: check.crossRegionOnly,
      ...(check.perRegionOnly ? { perRegionRunsWouldAlsoDelete: check.perRegionOnly.count } : {}),
    }
    : {};
  const warm = totals(measure.warm);
  return JSON.stringify({
    bench: 'e2e', images: world.stats.images, seconds: Number(run.seconds.toFixed(1)), peakRssMB: Math.round(run.peakRssMB),
    calls: t.calls, minCalls: t.minCalls,
    regions: world.regions.length, references: run.liveReferences, deletions: run.deletions, throttled: t.throttled, check: check.ok ? 'ok' : 'failed',
    ...perRegion,
    warmSeconds: Number(measure.warm.run.seconds.toFixed(1)), warmCalls: warm.calls, warmMinCalls: warm.minCalls,
    warmTaskDefinitionDescribes: measure.warm.counters.taskDefinitions.described, stateBytes: measure.warm.counters.state.totalBytes,
  });
}
