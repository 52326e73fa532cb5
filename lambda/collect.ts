/**
 * Collection: the ECR inventory and every enabled live source, concurrently. The result is plain data (a snapshot):
 * the CLI writes it to a file and plans from it offline; the pipeline plans from it directly.
 */
import { appendAll } from './core/arrays';
import type { Inventory, JournalEntry, LiveReference, LiveSourceName } from './core/model';
import type { LiveSettings } from './core/policy';
import type { InventorySource, JournalStore, LiveSource, Telemetry } from './ports';

export interface SourceFailure {
  readonly source: LiveSourceName;
  readonly message: string;
}

export interface CollectedAccount {
  readonly inventory: Inventory;
  readonly references: readonly LiveReference[];
  /** Live sources that could not be read completely: the live set is incomplete and nothing may be deleted. */
  readonly failedSources: readonly SourceFailure[];
  /** The live sources that were read (enabled by the settings). */
  readonly sources: readonly LiveSourceName[];
  /** The deletion journal of the last deleting run (absent from snapshots made before there was one). */
  readonly journal?: readonly JournalEntry[];
}

/**
 * Throws when the inventory or the journal cannot be read (nothing can be planned safely); live source failures are
 * recorded instead.
 */
export async function collectAccount(
  inventorySource: InventorySource,
  liveSources: readonly LiveSource[],
  settings: LiveSettings,
  telemetry: Telemetry,
  journalStore?: JournalStore,
): Promise<CollectedAccount> {
  const enabled = liveSources.filter((source) => source.enabled(settings));
  const [inventory, journal, ...results] = await Promise.allSettled([
    inventorySource.collect(),
    journalStore?.read() ?? Promise.resolve([]),
    ...enabled.map((source) => timed(source, settings, telemetry)),
  ]);
  if (inventory.status === 'rejected') throw inventory.reason;
  if (journal.status === 'rejected') throw journal.reason;
  const references: LiveReference[] = [];
  const failedSources: SourceFailure[] = [];
  results.forEach((result, index) => {
    const source = enabled[index] as LiveSource;
    if (result.status === 'fulfilled') appendAll(references, result.value);
    else failedSources.push({ source: source.name, message: messageOf(result.reason) });
  });
  return { inventory: inventory.value, references, failedSources, sources: enabled.map((source) => source.name), journal: journal.value };
}

async function timed(source: LiveSource, settings: LiveSettings, telemetry: Telemetry): Promise<readonly LiveReference[]> {
  const started = performance.now();
  try {
    const references = await source.collect(settings);
    telemetry.info('live source collected', { source: source.name, references: references.length, ms: Math.round(performance.now() - started) });
    return references;
  } catch (error) {
    telemetry.error('live source failed', { source: source.name, error: messageOf(error) });
    throw error;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
