/**
 * `snapshot [--out FILE]`: collect the account (config, inventory, live references) and write it as JSON, to share a
 * reproducible case: `plan --from FILE` plans it offline. A failed live source is recorded in the file, not fatal.
 */
import { collectLive } from './account-source';
import { EXIT, type CliIo, type ExitCode } from './io';
import type { CommandOptions } from './session';
import { serializeSnapshot, toSnapshot, writeSnapshot } from './snapshot-file';

export interface SnapshotOptions extends CommandOptions {
  readonly out?: string;
}

export async function snapshotCommand(options: SnapshotOptions, io: CliIo): Promise<ExitCode> {
  const { collected: account, documents, collectedAt } = await collectLive(options, io);
  const snapshot = toSnapshot(account, documents, collectedAt);
  if (options.out === undefined) io.out(serializeSnapshot(snapshot).trimEnd());
  else await writeSnapshot(options.out, snapshot);
  const where = options.out === undefined ? 'stdout' : options.out;
  for (const region of account.regions) {
    const { inventory, references, sources } = region;
    io.err(`snapshot of ${snapshot.accountId}/${inventory.region} written to ${where}: ${inventory.images.length} images in ${inventory.repositories.length} repositories, ${references.length} live references from ${sources.join(', ') || 'no source'}`);
    for (const failure of region.failedSources) io.err(`warning: ${failure.message} (recorded: a plan from this snapshot will be blocked)`);
  }
  for (const failure of account.unreadableRegions) io.err(`warning: region ${failure.region}: ${failure.message} (recorded: a plan from this snapshot will be blocked)`);
  return EXIT.ok;
}
