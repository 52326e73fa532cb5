/**
 * An account to plan, from one of two places: collected live (the config, the ECR inventory and every enabled live
 * source, as the Lambda does) or read from a snapshot file, which makes no AWS call unless `--ssm-path` asks for one.
 */
import { collectAccount, type CollectedAccount } from '../lambda/collect';
import { parseConfig } from '../lambda/config/parse';
import type { RetentionConfig } from '../lambda/core/policy';
import type { ConfigDocument } from '../lambda/ports';
import { readConfigFiles } from './config-documents';
import { InvalidConfigError, UsageError } from './errors';
import type { CliIo } from './io';
import { openSession, type CommandOptions } from './session';
import { readSnapshot } from './snapshot-file';

export interface AccountOptions extends CommandOptions {
  /** A snapshot file to plan from instead of the live account. */
  readonly from?: string;
}

export interface LoadedAccount {
  readonly account: CollectedAccount;
  readonly config: RetentionConfig;
  readonly documents: readonly ConfigDocument[];
  /** When the account was collected: plans are made as of this time, so a snapshot reproduces its plan. */
  readonly collectedAt: number;
}

export async function loadAccount(options: AccountOptions, io: CliIo): Promise<LoadedAccount> {
  return options.from !== undefined ? loadSnapshot(options.from, options, io) : collectLive(options, io);
}

export async function collectLive(options: CommandOptions, io: CliIo): Promise<LoadedAccount> {
  const { deps, progress } = await openSession(options, io);
  const documents = await deps.config.load();
  progress('collecting the ECR inventory and the live sources…');
  const config = compiledConfig(documents);
  const account = await collectAccount(deps.inventory, deps.liveSources, config.settings.live, deps.telemetry, deps.journal);
  return { account, config, documents, collectedAt: deps.clock() };
}

/** The snapshot's own config unless `--config` or `--ssm-path` names another one. */
async function loadSnapshot(path: string, options: AccountOptions, io: CliIo): Promise<LoadedAccount> {
  const snapshot = await readSnapshot(path);
  const documents = await snapshotConfig(snapshot.config, options, io);
  const { inventory, references, failedSources, sources, journal } = snapshot;
  return { account: { inventory, references, failedSources, sources, ...(journal ? { journal } : {}) }, config: compiledConfig(documents), documents, collectedAt: Date.parse(snapshot.collectedAt) };
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
