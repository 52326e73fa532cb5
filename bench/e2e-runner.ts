/**
 * The bench's runner process: the handler's composition root (buildDependencies) with the production client
 * settings — adaptive retry with its client-side rate limiter, 8 attempts, no fixed backoff — pointed at the world's
 * emulators through AWS_ENDPOINT_URL, covering the regions REGIONS names as the stack's Lambda does (the home region
 * alone without it), with the state the handler keeps (each region's state and task-definition cache in the bucket
 * STATE_BUCKET names, under STATE_PREFIX: read at the start, written by the run), one run in plan mode, and the figures: wall time, peak RSS, when each source finished in each
 * region, what each region found, kept and would delete. It runs alone in its process, so its peak RSS is the run's
 * (plus the loaded modules, reported apart). After the figures are taken it hands the world what the check needs:
 * the plan's deletions, its live set and, over several regions, what deciding each region alone would delete more.
 */
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import { parseConfig } from '../lambda/config/parse';
import { decide } from '../lambda/core/decide';
import type { Inventory, LiveReference, LiveSourceName } from '../lambda/core/model';
import type { CollectedRegion, RegionState } from '../lambda/core/collected';
import type { ConfigDocument, ConfigSource, InventorySource, LiveSource, LiveSources, RegionalSources, StateStore } from '../lambda/ports';
import type { RunReport } from '../lambda/report/report';
import { run } from '../lambda/run';
import { buildDependencies } from '../lambda/wiring';
import type { PlannedSets } from './e2e-check';
import { reportFailure, type RegionRun, type RunnerRequest, type RunnerResult } from './e2e-protocol';

const MB = 1048576;
const ECR_HOST_REGION = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\./;

process.on('message', (message: RunnerRequest) => {
  if (message.type !== 'run') return;
  void runOnce(message).then((result) => process.send?.(result, () => process.exit(0)), reportFailure);
});
process.on('disconnect', () => process.exit(0));

/** What one region's reads returned and when each finished: the figures, and the data the per-region decision needs. */
interface RegionCapture {
  readonly region: string;
  inventory?: Inventory;
  readonly references: Map<LiveSourceName, readonly LiveReference[]>;
  readonly finished: Record<string, number>;
}

async function runOnce(request: RunnerRequest): Promise<RunnerResult> {
  Object.assign(process.env, request.env);
  delete process.env.AWS_MAX_ATTEMPTS;
  // The Lambda runs Node.js 22; the SDK's notice about Node 20 (this machine) would only clutter the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  global.gc?.();
  const baselineRssMB = process.memoryUsage().rss / MB;
  // REGIONS as the stack sets it for the Lambda (handler.ts): the regions one run covers when the config names none.
  const regions = request.env.REGIONS ? request.env.REGIONS.split(',') : undefined;
  const stateBucket = request.env.STATE_BUCKET;
  const dependencies = await buildDependencies({
    clients: {}, configPath: request.env.CONFIG_PATH, topicArn: request.env.TOPIC_ARN, telemetry: new StderrTelemetry(false), runId: request.runId,
    ...(regions ? { regions } : {}),
    ...(stateBucket ? { state: { bucket: stateBucket, prefix: request.env.STATE_PREFIX ?? 'state/' } } : {}),
  });
  const homeRegion = dependencies.homeRegion ?? request.env.AWS_REGION ?? '';
  const captures = new Map<string, RegionCapture>();
  const captureOf = (region: string) => {
    let capture = captures.get(region);
    if (!capture) captures.set(region, (capture = { region, references: new Map(), finished: {} }));
    return capture;
  };
  const documents: ConfigDocument[] = [];
  const states = new Map<string, RegionState>();
  const startedAt = Date.now();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const since = () => (performance.now() - started) / 1000;
  const timed = (region: string, sources: RegionalSources): RegionalSources => ({
    ...sources,
    inventory: timedInventory(sources.inventory, captureOf(region), since),
    liveSources: timedSources(sources.liveSources, captureOf(region), since),
  });
  const regional = dependencies.regional;
  const report = await run({
    ...dependencies,
    config: capturedConfig(dependencies.config, documents),
    state: capturedState(dependencies.state, states),
    ...timed(homeRegion, dependencies),
    ...(regional ? { regional: (region: string) => timed(region, regional(region)) } : {}),
  }, { mode: 'plan' });
  const seconds = since();
  const cpu = process.cpuUsage(cpuBefore);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const ordered = [...(regions ?? [homeRegion])].map(captureOf);
  return {
    type: 'result',
    startedAt,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB,
    baselineRssMB,
    outcome: report.outcome,
    errors: report.errors,
    failedSources: report.failedSources.map((failure) => `${failure.region ? `${failure.region} ` : ''}${failure.source}: ${failure.message}`),
    images: report.images,
    repositories: report.repositories,
    liveReferences: report.liveReferences,
    missing: report.missing.length,
    deletions: report.plan?.deletions.length ?? 0,
    // Over several regions: when each kind of read had finished in every region, and what it found in all.
    sourceSeconds: merged(ordered.map((c) => c.finished), Math.max),
    sourceReferences: merged(ordered.map((c) => countsOf(c)), (a, b) => a + b),
    regions: regionRuns(ordered, report),
    planned: plannedSets(report, ordered, documents, homeRegion, states),
  };
}

function capturedConfig(config: ConfigSource, documents: ConfigDocument[]): ConfigSource {
  return {
    load: async () => {
      const loaded = await config.load();
      documents.push(...loaded);
      return loaded;
    },
  };
}

/** The states the run read, so that deciding a region alone (plannedSets) remembers what the run did. */
function capturedState(state: Pick<StateStore, 'read'>, states: Map<string, RegionState>): Pick<StateStore, 'read'> {
  return {
    read: async (regions) => {
      const found = await state.read(regions);
      for (const [region, regionState] of found) states.set(region, regionState);
      return found;
    },
  };
}

function timedInventory(inventory: InventorySource, capture: RegionCapture, since: () => number): InventorySource {
  return {
    collect: async (note) => {
      try {
        return (capture.inventory = await inventory.collect(note));
      } finally {
        capture.finished.inventory = since();
      }
    },
  };
}

function timedSources(sources: LiveSources, capture: RegionCapture, since: () => number): LiveSources {
  return {
    ecs: timedSource(sources.ecs, capture, since),
    eks: timedSource(sources.eks, capture, since),
    lambda: timedSource(sources.lambda, capture, since),
    batch: timedSource(sources.batch, capture, since),
  };
}

function timedSource<N extends LiveSourceName>(source: LiveSource<N>, capture: RegionCapture, since: () => number): LiveSource<N> {
  return {
    name: source.name,
    collect: async (settings, note) => {
      try {
        const found = await source.collect(settings, note);
        capture.references.set(source.name, found);
        return found;
      } finally {
        capture.finished[source.name] = since();
      }
    },
  };
}

function countsOf(capture: RegionCapture): Record<string, number> {
  return Object.fromEntries([...capture.references].map(([name, found]) => [name, found.length]));
}

function merged(records: readonly Record<string, number>[], combine: (a: number, b: number) => number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) result[key] = key in result ? combine(result[key] as number, value) : value;
  return result;
}

const keyOf = (image: { region: string; repository: string; digest: string }) => `${image.region} ${image.repository}@${image.digest}`;

/** Per region: what its reads found, and in its registry what the plan keeps live and deletes. */
function regionRuns(captures: readonly RegionCapture[], report: RunReport): RegionRun[] {
  const liveFrom = new Map<string, Set<string | undefined>>();
  for (const live of report.live) {
    const from = liveFrom.get(keyOf(live));
    if (from) from.add(live.reference.region);
    else liveFrom.set(keyOf(live), new Set([live.reference.region]));
  }
  return captures.map((capture): RegionRun => {
    const references = [...capture.references.values()].flat();
    const own = [...liveFrom].filter(([key]) => key.startsWith(`${capture.region} `));
    return {
      region: capture.region,
      images: capture.inventory?.images.length ?? 0,
      repositories: capture.inventory?.repositories.length ?? 0,
      sourceReferences: countsOf(capture),
      references: references.length,
      crossRegionReferences: references.filter((reference) => {
        const region = ECR_HOST_REGION.exec(reference.image.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))?.[1];
        return region !== undefined && region !== capture.region;
      }).length,
      sourceSeconds: capture.finished,
      liveImages: own.length,
      liveOnlyFromOtherRegions: own.filter(([, from]) => !from.has(capture.region)).length,
      deletions: report.plan?.deletions.filter((deletion) => deletion.region === capture.region).length ?? 0,
    };
  });
}

/**
 * The run's deletions and live set for the world's check; over several regions, also the deletions each region
 * decided on its own references alone would add (what one run per region, blind to the others, would delete).
 */
function plannedSets(
  report: RunReport, captures: readonly RegionCapture[], documents: readonly ConfigDocument[], homeRegion: string, states: ReadonlyMap<string, RegionState>,
): PlannedSets {
  const deletions = (report.plan?.deletions ?? []).map(keyOf);
  const live = [...new Set(report.live.map(keyOf))];
  const parsed = parseConfig(documents);
  if (captures.length < 2 || !parsed.ok || report.decidedAt === undefined) return { deletions, live };
  const planned = new Set(deletions);
  const perRegionOnly: string[] = [];
  for (const capture of captures) {
    if (!capture.inventory) continue;
    const state = states.get(capture.region);
    const region: CollectedRegion = {
      inventory: capture.inventory,
      ...(state ? { state } : {}),
      references: [...capture.references.values()].flat().map((reference) => ({ ...reference, region: capture.region })),
      failedSources: [],
      sources: [...capture.references.keys()],
      notes: [],
    };
    const alone = decide({ accountId: capture.inventory.accountId, homeRegion, regions: [region], unreadableRegions: [], journal: [] }, parsed.config, 'plan', report.decidedAt);
    for (const deletion of alone.plan.deletions) if (!planned.has(keyOf(deletion))) perRegionOnly.push(keyOf(deletion));
  }
  return { deletions, live, perRegionOnly };
}
