/**
 * The collect step of a CLI command, from one of two places: the live account (the config, the ECR inventory, the
 * journal and every enabled live source, as the Lambda collects them) or a snapshot file, which makes no AWS call
 * unless `--ssm-path` asks for one. Either way the command then runs decide → act on it with `decideLoaded`.
 */
import { StderrTelemetry } from '../lambda/adapters/telemetry/stderr';
import { RecordingDeleter } from '../lambda/adapters/ecr/recording-deleter';
import { collectAccount } from '../lambda/collect';
import { parseConfig } from '../lambda/config/parse';
import type { CollectedAccount } from '../lambda/core/collected';
import type { Mode, RetentionConfig } from '../lambda/core/policy';
import type { ConfigDocument } from '../lambda/ports';
import { runCollected, type ActDependencies } from '../lambda/run';
import type { RunReport } from '../lambda/report/report';
import { readConfigFiles } from './config-documents';
import { InvalidConfigError, UsageError } from './errors';
import type { CliIo } from './io';
import { cliRunId, NEVER_PUBLISH, openSession, type CommandOptions } from './session';
import { readSnapshot } from './snapshot-file';

export interface AccountOptions extends CommandOptions {
  /** A snapshot file to plan from instead of the live account. */
  readonly from?: string;
}

export interface LoadedAccount {
  readonly collected: CollectedAccount;
  readonly config: RetentionConfig;
  readonly documents: readonly ConfigDocument[];
  /** When the account was collected: a snapshot is decided as of this time, so it reproduces its plan. */
  readonly collectedAt: number;
  /** What decide → act runs with: the session's adapters, or, for a snapshot, ones that cannot reach AWS. */
  readonly deps: ActDependencies;
}

export async function loadAccount(options: AccountOptions, io: CliIo): Promise<LoadedAccount> {
  return options.from !== undefined ? loadSnapshot(options.from, options, io) : collectLive(options, io);
}

export async function collectLive(options: CommandOptions, io: CliIo): Promise<LoadedAccount> {
  const { deps, progress } = await openSession(options, io);
  const documents = await deps.config.load();
  const config = compiledConfig(documents);
  progress('collecting the ECR inventory and the live sources…');
  const collected = await collectAccount(deps, config.settings, config.policies);
  return { collected, config, documents, collectedAt: deps.clock(), deps };
}

/** decide → act → report on a loaded account, silently (the CLI prints; it never emails). */
export function decideLoaded(loaded: LoadedAccount, mode: Mode): Promise<RunReport> {
  return runCollected(loaded.deps, loaded.collected, loaded.config, { mode, silent: true });
}

/** The snapshot's own config unless `--config` or `--ssm-path` names another one. */
async function loadSnapshot(path: string, options: AccountOptions, io: CliIo): Promise<LoadedAccount> {
  const { format: _format, config: own, collectedAt: when, ...collected } = await readSnapshot(path);
  const documents = await snapshotConfig(own, options, io);
  const collectedAt = Date.parse(when);
  return { collected, config: compiledConfig(documents), documents, collectedAt, deps: offlineDependencies(collectedAt, options.verbose === true) };
}

/** A snapshot is only ever planned: its recorder records, and nothing here can delete, write or publish. */
function offlineDependencies(collectedAt: number, verbose: boolean): ActDependencies {
  const refuse = (what: string) => async (): Promise<never> => {
    throw new Error(`a snapshot is planned offline: it never ${what}`);
  };
  return {
    deleter: { delete: refuse('deletes') },
    recorder: new RecordingDeleter(),
    notifier: NEVER_PUBLISH,
    telemetry: new StderrTelemetry(verbose),
    clock: () => collectedAt,
    runId: cliRunId(),
  };
}

async function snapshotConfig(own: readonly ConfigDocument[], options: AccountOptions, io: CliIo): Promise<readonly ConfigDocument[]> {
  if (options.config?.length) return readConfigFiles(options.config);
  if (options.ssmPath !== undefined) return (await openSession(options, io)).deps.config.load();
  if (own.length === 0) throw new UsageError('the snapshot holds no config documents: pass --config FILE or --ssm-path PATH');
  return own;
}

export function compiledConfig(documents: readonly ConfigDocument[]): RetentionConfig {
  const parsed = parseConfig(documents);
  if (!parsed.ok) throw new InvalidConfigError(parsed.errors);
  return parsed.config;
}
