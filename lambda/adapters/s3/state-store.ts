/**
 * The state across runs in S3 (ports.ts StateStore): one gzipped document per region, `<prefix><region>.json.gz`
 * (state-document.ts), replaced whole by every run. A region without an object has no state yet; every other
 * answer that is not a readable state of this version is a StateError, because a run that cannot tell what it
 * remembered (a tag's first sighting, a candidacy's start, an interrupted run's journal) must delete nothing.
 *
 * Upgrading: a deployment that kept its journal in its own object (journal-store.ts) names it `legacyJournalKey`.
 * Until the home region has a state of its own, that journal is read as the home region's state, so that an
 * interrupted run's journal survives the upgrade; the first state written supersedes it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { JournalEntry } from '../../core/model';
import { type RegionState, STATE_VERSION } from '../../core/state';
import type { StateStore } from '../../ports';
import { mapWithConcurrency } from '../common/concurrency';
import { StateError } from '../common/errors';
import { type GzipObject, locationOf, readGzipJson, writeGzipJson } from './gzip-object';
import { S3JournalStore } from './journal-store';
import { lazyS3Client, type S3ClientSource } from './lazy-s3';
import { checkDocument, REGION, versionOf } from './state-check';
import { decodeState, encodeState } from './state-document';

export { StateError } from '../common/errors';

export interface S3StateStoreOptions {
  readonly client: S3ClientSource;
  readonly bucket: string;
  /** Put before every key, e.g. `state/`: the region's state is `state/<region>.json.gz`. */
  readonly prefix: string;
  /** The journal object of a deployment from before the state (journal-store.ts), read for the home region until it has a state. */
  readonly legacyJournalKey?: string;
  /** The region whose legacy journal that is; required with `legacyJournalKey`. */
  readonly homeRegion?: string;
}

/** Regions are read in parallel, a few at a time: each read holds a whole document in memory until it is decoded. */
const READ_CONCURRENCY = 4;

export class S3StateStore implements StateStore {
  private readonly s3: () => Promise<S3Client>;

  constructor(private readonly options: S3StateStoreOptions) {
    if (options.legacyJournalKey !== undefined && options.homeRegion === undefined) {
      throw new Error('S3StateStore: legacyJournalKey needs homeRegion (the region that journal belongs to)');
    }
    this.s3 = lazyS3Client(options.client);
  }

  /** The key of a region's state. */
  keyOf(region: string): string {
    return `${this.options.prefix}${region}.json.gz`;
  }

  async read(regions: readonly string[]): Promise<ReadonlyMap<string, RegionState>> {
    const unique = [...new Set(regions)];
    const states = await mapWithConcurrency(unique, READ_CONCURRENCY, (region) => this.readRegion(region));
    const found = new Map<string, RegionState>();
    unique.forEach((region, i) => {
      const state = states[i];
      if (state) found.set(region, state);
    });
    return found;
  }

  async write(state: RegionState): Promise<void> {
    const object = this.objectOf(state.region);
    // Checked before writing: a state the next run refuses would stop every run after this one.
    const checked = checkDocument(encodeState(state));
    if ('problems' in checked) throw new StateError(`write ${locationOf(object)}: not a valid state: ${checked.problems}`);
    await writeGzipJson(object, checked.document);
  }

  private objectOf(region: string): GzipObject {
    // A region is part of the key: refuse anything that could reach another object (`../`, `/`).
    if (!REGION.test(region)) throw new StateError(`use ${JSON.stringify(region)} as a region: not a region name`);
    return { s3: this.s3, bucket: this.options.bucket, key: this.keyOf(region) };
  }

  private async readRegion(region: string): Promise<RegionState | undefined> {
    const object = this.objectOf(region);
    const json = await readGzipJson(object);
    if (json === undefined) return region === this.options.homeRegion ? this.legacyState(region) : undefined;
    const where = locationOf(object);
    const version = versionOf(json);
    if (version !== undefined && version > STATE_VERSION) {
      throw new StateError(`read ${where}: written by a newer version (${version}); refusing to read it`);
    }
    const checked = checkDocument(json);
    if ('problems' in checked) throw new StateError(`read ${where}: not a state document: ${checked.problems}`);
    if (checked.document.region !== region) {
      throw new StateError(`read ${where}: it holds the state of ${checked.document.region}, not of ${region}`);
    }
    return decodeState(checked.document);
  }

  /** The home region's state from the legacy journal: nothing else was remembered then (writtenAt 0: no previous run). */
  private async legacyState(region: string): Promise<RegionState | undefined> {
    const key = this.options.legacyJournalKey;
    if (key === undefined) return undefined;
    let journal: readonly JournalEntry[];
    try {
      journal = await new S3JournalStore({ client: await this.s3(), bucket: this.options.bucket, key }).read();
    } catch (error) {
      throw new StateError(`read the journal s3://${this.options.bucket}/${key} (the home region has no state yet)`, { cause: error });
    }
    // An empty journal holds nothing to carry over: the home region simply has no state yet.
    if (journal.length === 0) return undefined;
    return { version: STATE_VERSION, region, writtenAt: 0, tags: [], candidates: [], journal };
  }
}
