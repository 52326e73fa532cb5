/**
 * Collect: the first of collect → decide → act. The ECR inventory, the journal and every enabled live source, read
 * concurrently, turned into plain data (core/model CollectedAccount): the pipeline decides on it directly, the CLI
 * can also write it to a snapshot file and decide on it offline.
 */
import { appendAll } from './core/arrays';
import type { CollectedAccount, LiveReference, LiveSourceName, SourceFailure, SourceNote } from './core/model';
import type { LiveSettings } from './core/policy';
import type { InventorySource, JournalStore, LiveSource, LiveSources, NoteSink, SourceSettings, Telemetry } from './ports';

export interface CollectSources {
  readonly inventory: InventorySource;
  readonly liveSources: LiveSources;
  readonly journal: JournalStore;
  readonly telemetry: Telemetry;
}

/** A source the settings ask for, with its own settings. */
interface EnabledSource {
  readonly name: LiveSourceName;
  readonly collect: (note: NoteSink) => Promise<readonly LiveReference[]>;
}

/** Each source gets exactly its own settings; a source the settings leave out is not read at all. */
export function enabledSources(sources: LiveSources, live: LiveSettings): EnabledSource[] {
  const enabled: EnabledSource[] = [];
  const add = <N extends LiveSourceName>(source: LiveSource<N>, settings: SourceSettings[N] | undefined) => {
    if (settings !== undefined) enabled.push({ name: source.name, collect: (note) => source.collect(settings, note) });
  };
  add(sources.ecs, live.ecs);
  add(sources.eks, live.eks);
  add(sources.lambda, live.lambda ? {} : undefined);
  add(sources.batch, live.batch ? {} : undefined);
  return enabled;
}

/**
 * Throws when the inventory or the journal cannot be read (nothing can be decided safely); a live source that fails
 * is recorded instead, and the verdict then blocks deletion.
 */
export async function collectAccount(sources: CollectSources, live: LiveSettings): Promise<CollectedAccount> {
  const enabled = enabledSources(sources.liveSources, live);
  const notes: SourceNote[] = [];
  const note: NoteSink = (found) => {
    notes.push(found);
    sources.telemetry.warn('note', { ...found });
  };
  const [inventory, journal, ...results] = await Promise.allSettled([
    timed('ECR inventory', sources.telemetry, () => sources.inventory.collect(note), (found) => ({ images: found.images.length, repositories: found.repositories.length })),
    sources.journal.read(),
    ...enabled.map((source) => timed(source.name, sources.telemetry, () => source.collect(note), (found) => ({ references: found.length }))),
  ]);
  if (inventory.status === 'rejected') throw inventory.reason;
  if (journal.status === 'rejected') throw journal.reason;
  const references: LiveReference[] = [];
  const failedSources: SourceFailure[] = [];
  results.forEach((result, i) => {
    const { name } = enabled[i] as EnabledSource;
    if (result.status === 'fulfilled') appendAll(references, result.value);
    else failedSources.push({ source: name, message: messageOf(result.reason) });
  });
  return { inventory: inventory.value, references, failedSources, sources: enabled.map((source) => source.name), journal: journal.value, notes };
}

/** Logs what each read found and how long it took ('collected'), or that it failed: the CLI's progress lines. */
async function timed<T>(what: string, telemetry: Telemetry, read: () => Promise<T>, describe: (found: T) => Record<string, number>): Promise<T> {
  const started = performance.now();
  try {
    const found = await read();
    telemetry.info('collected', { source: what, ...describe(found), ms: Math.round(performance.now() - started) });
    return found;
  } catch (error) {
    telemetry.error('collection failed', { source: what, error: messageOf(error), ms: Math.round(performance.now() - started) });
    throw error;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
