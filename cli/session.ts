/**
 * The CLI's composition: the Lambda's own wiring (buildDependencies) with the CLI's telemetry (stderr, progress lines
 * on a terminal), local config files when given, and a notifier that refuses to publish: the CLI prints its reports.
 */
import { randomUUID } from 'node:crypto';
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import type { Notifier } from '../lambda/ports';
import type { RunDependencies } from '../lambda/run';
import { buildDependencies } from '../lambda/wiring';
import { DEFAULT_SSM_PATH, fileConfigSource, type ConfigOptions } from './config-documents';
import { clientSettings, regionsOption, stateLocation, type GlobalOptions } from './global-options';
import type { CliIo } from './io';
import { progressLine, withProgress, type ProgressLine } from './progress';

export interface CommandOptions extends GlobalOptions, ConfigOptions {}

export interface Session {
  readonly deps: RunDependencies;
  /** Progress lines on stderr, a no-op unless stderr is a terminal. */
  readonly progress: ProgressLine;
}

/** Every CLI run is silent; a publish reaching this is a bug, and must not email anyone. */
export const NEVER_PUBLISH: Notifier = {
  publish: async () => {
    throw new Error('the CLI prints its reports; it never publishes them');
  },
};

export async function openSession(options: CommandOptions, io: CliIo): Promise<Session> {
  const configSource = options.config?.length ? await fileConfigSource(options.config) : undefined;
  const progress = progressLine(io);
  const deps = await buildDependencies({
    clients: clientSettings(options, io.env),
    ...(configSource ? { configSource } : { configPath: options.ssmPath ?? DEFAULT_SSM_PATH }),
    notifier: NEVER_PUBLISH,
    ...((location) => (location ? { state: location, writeState: options.writeState === true } : {}))(stateLocation(options)),
    ...(options.regions !== undefined ? { regions: regionsOption(options.regions) } : {}),
    ...(options.exchangeBucket !== undefined ? { exchangeBucket: options.exchangeBucket } : {}),
    telemetry: withProgress(new StderrTelemetry(options.verbose === true), progress),
    runId: cliRunId(),
    clock: io.now,
  });
  return { deps, progress };
}

export function cliRunId(): string {
  return `cli-${randomUUID()}`;
}
