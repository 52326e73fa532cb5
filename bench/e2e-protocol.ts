/**
 * How the bench's three processes talk (Node IPC): the world process generates the account and serves it through
 * the emulators; the runner process runs the pipeline against them, so that its peak RSS and CPU are the run's alone
 * (what a Lambda would need), not the generator's or the emulators'. The parent starts the world once per size and a
 * runner per run: cold (an empty state bucket), then warm (the same world, the state and the task-definition cache the
 * cold run left), as two Lambda invocations a schedule apart would be.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { CheckResult, PlannedSets } from './e2e-check';
import type { MinimumCalls } from './e2e-minimum';

export interface WorldRequest {
  readonly type: 'start';
  readonly factor: number;
  readonly now: number;
  readonly latencyMs: number;
  readonly seed: number;
  /** How many of bench/e2e-regions.ts BENCH_REGIONS the account is split over (1: the single-region account). */
  readonly regions: number;
}

/** Which of a size's two runs: the first on an empty state bucket, then the next on the state the first left. */
export type RunKind = 'cold' | 'warm';

/**
 * `finish`: the run is over; the world counts, checks the plan against what it generated and weighs the state the
 * run left. After the cold run it then resets every counter (AWS, Kubernetes, answered calls, activity), keeping the
 * world and the state bucket as they are, for the warm run.
 */
export interface WorldFinish {
  readonly type: 'finish';
  readonly run: RunKind;
  readonly planned: PlannedSets;
}

export interface WorldReady {
  readonly type: 'ready';
  /** What points the SDK (and so the pipeline) at the emulators. */
  readonly env: Readonly<Record<string, string>>;
  readonly generationSeconds: number;
  readonly worldRssMB: number;
  readonly stats: WorldStats;
  /** The regions, the home region first, and each one's share of the account. */
  readonly regions: readonly RegionStats[];
}

export interface RegionStats {
  readonly region: string;
  readonly stats: WorldStats;
}

export interface WorldStats {
  readonly repositories: number;
  readonly images: number;
  readonly indexes: number;
  readonly referrers: number;
  readonly ecsClusters: number;
  readonly services: number;
  readonly tasks: number;
  readonly taskDefinitions: number;
  readonly eksClusters: number;
  readonly pods: number;
  readonly kubernetesObjects: number;
  readonly functions: number;
  readonly jobDefinitions: number;
}

/** Calls per API over the run, with when each API was first and last called (epoch ms, sampled every 100 ms). */
export interface WorldCounters {
  readonly type: 'counters';
  readonly calls: Readonly<Record<string, number>>;
  readonly throttled: Readonly<Record<string, number>>;
  /** Kubernetes list requests per resource (all clusters); `calls['k8s.list']` is their sum. */
  readonly kubernetes: Readonly<Record<string, number>>;
  readonly activity: Readonly<Record<string, { readonly first: number; readonly last: number }>>;
  readonly minimum: MinimumCalls;
  /** Per (bucket, region) when several regions are covered: AWS meters each region on its own. */
  readonly buckets: readonly BucketUse[];
  readonly published: number;
  /** Each region's calls (the Kubernetes lists of its clusters as `k8s.list`), answered calls and minimum. */
  readonly regions: readonly RegionCounters[];
  readonly check: CheckResult;
  /** The state bucket once the run was over. */
  readonly state: StateSizes;
  readonly taskDefinitions: TaskDefinitionDescribes;
}

/** The objects the run left under the state prefix, as S3 holds them (gzip bytes). */
export interface StateSizes {
  readonly perRegion: readonly RegionStateSize[];
  /** Every object under the prefix, the two per region and anything else. */
  readonly totalBytes: number;
  readonly objects: number;
}

export interface RegionStateSize {
  readonly region: string;
  /** `state/<region>.json.gz`; 0 when absent. */
  readonly stateBytes: number;
  /** `state/<region>/task-definitions.json.gz`; 0 when absent. */
  readonly cacheBytes: number;
  /** ARNs the task-definition cache holds. */
  readonly cachedDefinitions: number;
}

/** The run's ecs.DescribeTaskDefinition answers against what the cache the cold run left should spare. */
export interface TaskDefinitionDescribes {
  /** Answered DescribeTaskDefinition calls (throttled ones are not describes). */
  readonly described: number;
  /**
   * What the run should describe: the distinct task definitions it reads (bench/e2e-minimum.ts) less those it may
   * take from the cache, full ARNs of ACTIVE definitions the cold run left in it (0 of them for the cold run).
   */
  readonly expected: number;
  /** Of the described: ACTIVE definitions, by ARN, that the cold run had described already (warm run only). */
  readonly describedAgain: readonly string[];
  /** ACTIVE definitions the cold run described (cold) or the cache held when the warm run started (warm), over all regions. */
  readonly known: number;
}
export interface RegionCounters {
  readonly region: string;
  readonly calls: Readonly<Record<string, number>>;
  /** Calls answered past the quotas (calls − answered are the region's throttled ones). */
  readonly answered: Readonly<Record<string, number>>;
  readonly minimum: MinimumCalls;
  readonly buckets: readonly BucketUse[];
}

/** One quota bucket: calls it let through, and the least time AWS's token bucket needs for them. */
export interface BucketUse {
  readonly bucket: string;
  readonly accepted: number;
  readonly throttled: number;
  readonly burst: number;
  readonly perSecond: number;
  readonly floorSeconds: number;
}

export interface RunnerRequest {
  readonly type: 'run';
  /** Points the pipeline at the emulators; STATE_BUCKET and STATE_PREFIX give the run its state. */
  readonly env: Readonly<Record<string, string>>;
  readonly runId: string;
}

/** One region of the run, as the runner saw it. */
export interface RegionRun {
  readonly region: string;
  readonly images: number;
  readonly repositories: number;
  /** References the region's live sources returned, per source and in all. */
  readonly sourceReferences: Readonly<Record<string, number>>;
  readonly references: number;
  /** Of them, those naming another region's registry. */
  readonly crossRegionReferences: number;
  /** Seconds each of the region's reads took, from the start of the run. */
  readonly sourceSeconds: Readonly<Record<string, number>>;
  /** Distinct images of this region's registry in the live set, and those only other regions' workloads reference. */
  readonly liveImages: number;
  readonly liveOnlyFromOtherRegions: number;
  readonly deletions: number;
}

export interface RunnerResult {
  readonly type: 'result';
  readonly startedAt: number;
  readonly seconds: number;
  /** CPU time the runner process spent in the run (user + system): what a Lambda's vCPU share must supply. */
  readonly cpuSeconds: number;
  readonly peakRssMB: number;
  /** RSS once the modules are loaded, before the run: the process's own cost, not the run's. */
  readonly baselineRssMB: number;
  readonly outcome: string;
  readonly errors: readonly string[];
  readonly failedSources: readonly string[];
  readonly images: number;
  readonly repositories: number;
  readonly liveReferences: number;
  readonly missing: number;
  readonly deletions: number;
  /** Seconds each source took, from the start of the run: inventory, ecs, eks, lambda, batch. */
  readonly sourceSeconds: Readonly<Record<string, number>>;
  /** References each live source returned. */
  readonly sourceReferences: Readonly<Record<string, number>>;
  readonly regions: readonly RegionRun[];
  /** What the world checks; the parent forwards it and drops it. */
  readonly planned?: PlannedSets;
}

/** Forks a bench child with the same TypeScript loader; ts-node is required explicitly so `npx ts-node` works too. */
export function forkChild(file: string): ChildProcess {
  return fork(file, [], { execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next message of `type` from a child; rejects if the child exits first or the time runs out. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type'], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no '${type}' from child ${child.pid} within ${timeoutMs / 1000} s`)), timeoutMs);
    const onMessage = (message: { type?: string; error?: string }) => {
      if (message.type === type) done(undefined, message as T);
      else if (message.type === 'error') done(new Error(`child ${child.pid}: ${message.error}`));
    };
    const onExit = (code: number | null) => done(new Error(`child ${child.pid} exited (${code}) before sending '${type}'`));
    function done(error?: Error, message?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message as T);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Children report a failure as a message, then exit: the parent prints it and cleans up. */
export function reportFailure(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.send?.({ type: 'error', error: text }, () => process.exit(1));
}
