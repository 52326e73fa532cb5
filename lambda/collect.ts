/**
 * Collect: the first of collect → decide → act. In every covered region, concurrently (each region has its own API
 * quotas), the ECR inventory and every enabled live source; each region's state; and the exports other accounts wrote to the
 * exchange bucket. All turned into plain data (core/model CollectedAccount): the pipeline decides on it directly, the
 * CLI can also write it to a snapshot file and decide on it offline.
 */
import { appendAll } from './core/arrays';
import type { LiveReference, LiveSourceName, SourceFailure, SourceNote } from './core/model';
import type { CollectedAccount, CollectedExchange, CollectedRegion, LifecyclePolicyAnswers, RegionFailure, RegionState } from './core/collected';
import { DEFAULT_LIFECYCLE_POLICY_CHECKS, governedRepositories, repositoriesToCheck } from './core/coexistence';
import type { Policy, Settings } from './core/policy';
import { DEFAULT_EXPORT_MAX_AGE_MS } from './config/compile';
import type { ExchangeAccess, InventorySource, LifecyclePolicyChecker, LiveSource, StateStore, LiveSources, NoteSink, RegionalSources, RegionLister, SourceSettings, Telemetry } from './ports';

export interface CollectSources {
  /** The home region's adapters. */
  readonly inventory: InventorySource;
  readonly liveSources: LiveSources;
  readonly lifecyclePolicies?: LifecyclePolicyChecker;
  /** The deployment's region; absent in tests of one region (it is then the inventory's). */
  readonly homeRegion?: string;
  /** The regions covered when the config names none (the stack's REGIONS); default: the home region. */
  readonly defaultRegions?: readonly string[] | 'all';
  /** Adapters for any other region. */
  readonly regional?: (region: string) => RegionalSources;
  /** Every region enabled in the account, for `regions: "*"`. */
  readonly regionLister?: RegionLister;
  /** Each region's state from the previous run (journal, tag times, candidacies). */
  readonly state: Pick<StateStore, 'read'>;
  /** The exchange bucket; absent when the deployment has none. */
  readonly exchange?: ExchangeAccess;
  /** This account's id, when it can be known before the inventory: the exchange read then skips this account's own export. */
  readonly accountId?: () => Promise<string>;
  readonly telemetry: Telemetry;
}

export type CollectSettings = Pick<Settings, 'live' | 'regions' | 'exchange' | 'lifecyclePolicyChecks'>;

/** A source the settings ask for, with its own settings. */
interface EnabledSource {
  readonly name: LiveSourceName;
  readonly collect: (note: NoteSink) => Promise<readonly LiveReference[]>;
}

/** Each source gets exactly its own settings; a source the settings leave out is not read at all. */
export function enabledSources(sources: LiveSources, live: Settings['live']): EnabledSource[] {
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
 * A region whose inventory cannot be read is recorded (and blocks deletion everywhere); when no region can be read, or
 * the state cannot, this throws: nothing can be decided. A live source that fails is recorded, and blocks deletion.
 */
export async function collectAccount(sources: CollectSources, settings: CollectSettings, policies: readonly Pick<Policy, 'governs'>[] = []): Promise<CollectedAccount> {
  const regions = await coveredRegions(sources, settings.regions);
  const named = regions.filter((region): region is string => region !== undefined);
  // Each region's state is read with everything else; only a home region known from its inventory alone waits for it.
  const early = named.length === regions.length ? sources.state.read(named) : undefined;
  const [statesEarly, exchange, ...collected] = await Promise.all([
    early,
    readExchange(sources, settings.exchange),
    ...regions.map((region) => {
      const regional = sourcesIn(sources, region);
      const share = { policies, budget: settings.lifecyclePolicyChecks ?? DEFAULT_LIFECYCLE_POLICY_CHECKS };
      return Promise.all([collectRegion(region, regional, settings.live, sources.telemetry), askLifecyclePolicies(region, regional, early, share, sources.telemetry)]).then(
        ([found, lifecyclePolicies]) => ({ found: lifecyclePolicies ? { ...found, lifecyclePolicies } : found }),
        (error: unknown) => ({ failure: { region: region ?? 'unknown', message: messageOf(error) }, error }),
      );
    }),
  ]);
  const found = collected.flatMap((result) => ('found' in result ? [result.found] : []));
  const unreadableRegions: RegionFailure[] = collected.flatMap((result) => ('failure' in result ? [result.failure] : []));
  const first = found[0];
  if (!first) throw collected.map((result) => ('error' in result ? result.error : undefined)).find(Boolean) ?? new Error('no region to collect');
  const states = statesEarly ?? await sources.state.read(found.map((region) => region.inventory.region));
  const homeRegion = sources.homeRegion ?? first.inventory.region;
  const readable = found.map((region) => withState(region, states));
  return { accountId: first.inventory.accountId, homeRegion, regions: readable, unreadableRegions, journal: [], ...(exchange ? { exchange } : {}) };
}

function withState(region: CollectedRegion, states: ReadonlyMap<string, RegionState>): CollectedRegion {
  const state = states.get(region.inventory.region);
  return state ? { ...region, state } : region;
}

/**
 * Asks this run's share of the governed repositories whether they still have an ECR lifecycle policy
 * (core/coexistence.ts), alongside the inventory: the checker lists the repositories itself, and the share is chosen
 * once the region's state says what earlier runs asked. Never fails the run: a check that stops early is reported,
 * and what earlier runs learned stands. Only a region known by name is asked (its state is read by name).
 */
async function askLifecyclePolicies(
  region: string | undefined, sources: RegionalSources, states: Promise<ReadonlyMap<string, RegionState>> | undefined,
  share: { readonly policies: readonly Pick<Policy, 'governs'>[]; readonly budget: number }, telemetry: Telemetry,
): Promise<LifecyclePolicyAnswers | undefined> {
  const checker = sources.lifecyclePolicies;
  if (region === undefined || !states || !checker || share.budget <= 0) return undefined;
  // A state that cannot be read fails the whole collection (collectAccount awaits it); here it only means "ask nothing".
  const previous = await states.then((read) => read.get(region)?.lifecyclePolicies, () => undefined);
  const choose = (names: readonly string[]) => repositoriesToCheck(governedRepositories(names, share.policies), previous, share.budget);
  // The port says check() never throws; should one still, a report-only check must not make the region unreadable.
  const found = await timed('ECR lifecycle policies', { region }, telemetry, () => checker.check(choose), (answers) => ({ checked: answers.answers.length }))
    .catch((error: unknown): LifecyclePolicyAnswers => ({ answers: [], error: messageOf(error) }));
  if (found.error !== undefined) telemetry.warn('lifecycle policy checks stopped', { region, error: found.error, checked: found.answers.length });
  return found;
}

/** `undefined` stands for the home region when it is not known before its inventory is read (tests of one region). */
async function coveredRegions(sources: CollectSources, configured: Settings['regions']): Promise<(string | undefined)[]> {
  const wanted = configured ?? sources.defaultRegions ?? (sources.homeRegion !== undefined ? [sources.homeRegion] : [undefined]);
  if (wanted !== 'all') return [...wanted];
  if (!sources.regionLister) throw new Error('settings.regions is "*" but this run has no way to list the enabled regions');
  return [...(await sources.regionLister.enabledRegions())];
}

function sourcesIn(sources: CollectSources, region: string | undefined): RegionalSources {
  if (region === undefined || region === sources.homeRegion) return sources;
  if (!sources.regional) throw new Error(`no adapters for region ${region}`);
  return sources.regional(region);
}

/** One region: its inventory and live sources, concurrently. Throws when its inventory cannot be read. */
async function collectRegion(region: string | undefined, sources: RegionalSources, live: Settings['live'], telemetry: Telemetry): Promise<CollectedRegion> {
  const enabled = enabledSources(sources.liveSources, live);
  const notes: SourceNote[] = [];
  let known = region;
  const note: NoteSink = (found) => {
    const stamped = { ...found, ...(known !== undefined ? { region: known } : {}) };
    notes.push(stamped);
    telemetry.warn('note', { ...stamped });
  };
  const where = region !== undefined ? { region } : {};
  const [inventory, ...results] = await Promise.allSettled([
    timed('ECR inventory', where, telemetry, () => sources.inventory.collect(note), (found) => ({ images: found.images.length, repositories: found.repositories.length })),
    ...enabled.map((source) => timed(source.name, where, telemetry, () => source.collect(note), (found) => ({ references: found.length }))),
  ]);
  if (inventory.status === 'rejected') throw inventory.reason;
  known = inventory.value.region;
  const stamp = { region: known };
  const references: LiveReference[] = [];
  const failedSources: SourceFailure[] = [];
  results.forEach((result, i) => {
    const { name } = enabled[i] as EnabledSource;
    if (result.status === 'fulfilled') appendAll(references, result.value.map((reference) => ({ ...reference, ...stamp })));
    else failedSources.push({ source: name, message: messageOf(result.reason), ...stamp });
  });
  return { inventory: inventory.value, references, failedSources, sources: enabled.map((source) => source.name), notes: notes.map((found) => ({ ...found, ...stamp })) };
}

/** The exports under `live/`; a bucket that cannot be listed is recorded, so that every expected export is unknown. */
async function readExchange(sources: CollectSources, settings: Settings['exchange']): Promise<CollectedExchange | undefined> {
  const { exchange } = sources;
  const bucket = settings?.bucket ?? exchange?.defaultBucket;
  const expect = settings?.expect ?? [];
  const maxAgeMs = settings?.maxAgeMs ?? DEFAULT_EXPORT_MAX_AGE_MS;
  if (bucket === undefined || !exchange) {
    if (expect.length === 0) return undefined;
    return { ...(bucket !== undefined ? { bucket } : {}), expect, maxAgeMs, imports: [], listError: 'no exchange bucket: set settings.exchange.bucket, or deploy the stack with one' };
  }
  try {
    const imports = await timed('exchange', {}, sources.telemetry, () => exchange.open(bucket).readAll(sources.accountId?.()), (found) => ({ exports: found.length }));
    return { bucket, expect, maxAgeMs, imports };
  } catch (error) {
    return { bucket, expect, maxAgeMs, imports: [], listError: messageOf(error) };
  }
}

/** Logs what each read found and how long it took ('collected'), or that it failed: the CLI's progress lines. */
async function timed<T>(what: string, where: { region?: string }, telemetry: Telemetry, read: () => Promise<T>, describe: (found: T) => Record<string, number>): Promise<T> {
  const started = performance.now();
  try {
    const found = await read();
    telemetry.info('collected', { source: what, ...where, ...describe(found), ms: Math.round(performance.now() - started) });
    return found;
  } catch (error) {
    telemetry.error('collection failed', { source: what, ...where, error: messageOf(error), ms: Math.round(performance.now() - started) });
    throw error;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
