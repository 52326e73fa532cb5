/**
 * The bench's runner process: the handler's composition root (buildDependencies) with the production client
 * settings — adaptive retry with its client-side rate limiter, 8 attempts, no fixed backoff — pointed at the world's
 * emulators through AWS_ENDPOINT_URL, one run in plan mode, and the figures: wall time, peak RSS, when each source
 * finished. It runs alone in its process, so its peak RSS is the run's (plus the loaded modules, reported apart).
 */
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import type { LiveSourceName } from '../lambda/core/model';
import type { InventorySource, LiveSource, LiveSources } from '../lambda/ports';
import { run } from '../lambda/run';
import { buildDependencies } from '../lambda/wiring';
import { reportFailure, type RunnerRequest, type RunnerResult } from './e2e-protocol';

const MB = 1048576;

process.on('message', (message: RunnerRequest) => {
  if (message.type !== 'run') return;
  void runOnce(message).then((result) => process.send?.(result, () => process.exit(0)), reportFailure);
});
process.on('disconnect', () => process.exit(0));

async function runOnce(request: RunnerRequest): Promise<RunnerResult> {
  Object.assign(process.env, request.env);
  delete process.env.AWS_MAX_ATTEMPTS;
  // The Lambda runs Node.js 22; the SDK's notice about Node 20 (this machine) would only clutter the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  global.gc?.();
  const baselineRssMB = process.memoryUsage().rss / MB;
  const dependencies = await buildDependencies({
    clients: {}, configPath: request.env.CONFIG_PATH, topicArn: request.env.TOPIC_ARN, telemetry: new StderrTelemetry(false), runId: request.runId,
  });
  const finished: Record<string, number> = {};
  const references: Record<string, number> = {};
  const startedAt = Date.now();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const since = () => (performance.now() - started) / 1000;
  const report = await run({
    ...dependencies,
    inventory: timedInventory(dependencies.inventory, finished, since),
    liveSources: timedSources(dependencies.liveSources, { finished, references }, since),
  }, { mode: 'plan' });
  const seconds = since();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type: 'result',
    startedAt,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB,
    outcome: report.outcome,
    errors: report.errors,
    failedSources: report.failedSources.map((failure) => `${failure.source}: ${failure.message}`),
    images: report.images,
    repositories: report.repositories,
    liveReferences: report.liveReferences,
    missing: report.missing.length,
    deletions: report.plan?.deletions.length ?? 0,
    sourceSeconds: finished,
    sourceReferences: references,
  };
}

function timedInventory(inventory: InventorySource, finished: Record<string, number>, since: () => number): InventorySource {
  return {
    collect: async () => {
      try {
        return await inventory.collect();
      } finally {
        finished.inventory = since();
      }
    },
  };
}

interface SourceFigures {
  readonly finished: Record<string, number>;
  readonly references: Record<string, number>;
}

function timedSources(sources: LiveSources, figures: SourceFigures, since: () => number): LiveSources {
  return {
    ecs: timedSource(sources.ecs, figures, since),
    eks: timedSource(sources.eks, figures, since),
    lambda: timedSource(sources.lambda, figures, since),
    batch: timedSource(sources.batch, figures, since),
  };
}

function timedSource<N extends LiveSourceName>(source: LiveSource<N>, figures: SourceFigures, since: () => number): LiveSource<N> {
  return {
    name: source.name,
    collect: async (settings) => {
      try {
        const found = await source.collect(settings);
        figures.references[source.name] = found.length;
        return found;
      } finally {
        figures.finished[source.name] = since();
      }
    },
  };
}
