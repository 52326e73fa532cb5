/**
 * What the same state would cost in DynamoDB, computed (not measured) from the bench's state, against what the S3
 * store costs. The DynamoDB layout is the one most favourable to it: one item per tag sighting, candidacy and
 * journal entry, keyed `pk = <region>#<repository>`, `sk = t#<tag> | c#<digest> | j#<digest>#<parent>`, the digest
 * a 32-byte binary, short attribute names. Every run reads the whole state (a Scan) and writes what changed.
 *
 * Sizes: DynamoDB Developer Guide, "Item sizes and formats" (names count; a number takes about one byte per two
 * significant digits, plus one); a write request unit covers 1 KB of an item, an eventually consistent read
 * request unit 8 KB (a read unit is 4 KB, halved), and a Scan sums the sizes it reads before rounding (Developer
 * Guide, "DynamoDB read and write operations"). Limits: 400 KB per item; TransactWriteItems at most 100 actions and
 * 4 MB ("Amazon DynamoDB Transactions"); a new on-demand table serves at first up to 4,000 write request units per
 * second ("On-demand capacity mode": initial throughput). Prices: the figures given for this comparison (on-demand,
 * $1.25 per million WRU, $0.25 per million RRU; S3 Standard $0.005 per 1,000 PUT, $0.0004 per 1,000 GET). AWS halved
 * the on-demand prices in November 2024 ($0.625 and $0.125 in us-east-1), which halves the DynamoDB column and
 * changes none of the conclusions.
 */
import type { RegionState } from '../lambda/core/state';

const WRU_PRICE = 1.25 / 1e6;
const RRU_PRICE = 0.25 / 1e6;
const S3_PUT_PRICE = 0.005 / 1000;
const S3_GET_PRICE = 0.0004 / 1000;
const S3_GB_MONTH = 0.023;
const DDB_GB_MONTH = 0.25;
/** DynamoDB bills 100 bytes of overhead per item for storage (Developer Guide, "Item sizes and formats"). */
const DDB_ITEM_OVERHEAD = 100;
const INITIAL_WRU_PER_SECOND = 4_000;
const BATCH_WRITE_ITEMS = 25;
const SCAN_PAGE_BYTES = 1024 * 1024;
const RUNS_PER_MONTH = 30;

const text = (name: string, value: string) => name.length + Buffer.byteLength(value);
const number = (name: string, value: number) => name.length + Math.ceil(String(Math.abs(value)).replace(/^0+|\.|0+$/g, '').length / 2) + 1;
const key = (state: RegionState, repository: string, sort: string) => text('pk', `${state.region}#${repository}`) + text('sk', sort);

/** The size in bytes of every item the state would be. */
export function itemSizes(state: RegionState): number[] {
  const sizes: number[] = [];
  for (const t of state.tags) sizes.push(key(state, t.repository, `t#${t.tag}`) + 'd'.length + 32 + number('f', t.firstSeen));
  for (const c of state.candidates) sizes.push(key(state, c.repository, `c#${c.digest}`) + number('s', c.since));
  for (const j of state.journal) sizes.push(key(state, j.repository, `j#${j.digest}#${j.parent}`));
  return sizes;
}

export interface Comparison {
  readonly lines: readonly string[];
  readonly figures: Readonly<Record<string, number>>;
}

/** `churn`: the share of items a steady-state run rewrites (new, moved and vanished tags, new candidacies). */
export function compare(state: RegionState, s3: { gzipBytes: number; cacheBytes: number }, churn: number): Comparison {
  const sizes = itemSizes(state);
  const items = sizes.length;
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const fullWru = sizes.reduce((total, size) => total + Math.ceil(size / 1024), 0);
  const scanRru = Math.ceil(bytes / 4096) / 2;
  const steadyWru = Math.ceil(fullWru * churn);
  const ddbRun = (steadyWru * WRU_PRICE) + (scanRru * RRU_PRICE);
  // The state and the cache: each read once, the state written once, the cache saved ~once a minute over a long run.
  const s3Run = (2 * S3_GET_PRICE) + ((1 + 15) * S3_PUT_PRICE);
  const ddbStorage = ((bytes + (items * DDB_ITEM_OVERHEAD)) / 1e9) * DDB_GB_MONTH;
  const s3Storage = ((s3.gzipBytes + s3.cacheBytes) / 1e9) * S3_GB_MONTH;
  const money = (value: number) => `$${value < 0.01 ? value.toFixed(6) : value.toFixed(2)}`;
  const lines = [
    `DynamoDB: ${items.toLocaleString('en')} items, ${(bytes / 1e6).toFixed(0)} MB (average ${(bytes / items).toFixed(0)} B, largest ${sizes.reduce((a, b) => Math.max(a, b), 0)} B: 1 WRU each)`,
    `  first run writes every item: ${fullWru.toLocaleString('en')} WRU = ${money(fullWru * WRU_PRICE)}, in ${Math.ceil(items / BATCH_WRITE_ITEMS).toLocaleString('en')} BatchWriteItem calls, `
      + `>= ${Math.ceil(fullWru / INITIAL_WRU_PER_SECOND)} s at a new on-demand table's 4,000 WRU/s`,
    `  each later run: Scan ${scanRru.toLocaleString('en')} RRU (${Math.ceil(bytes / SCAN_PAGE_BYTES)} pages of 1 MB) + ${steadyWru.toLocaleString('en')} WRU at ${(churn * 100).toFixed(0)}% churn `
      + `= ${money(ddbRun)}; ${money(ddbRun * RUNS_PER_MONTH)}/month at one run a day, + storage ${money(ddbStorage)}/month`,
    `  atomic replacement impossible: TransactWriteItems takes 100 items / 4 MB, the state is ${items.toLocaleString('en')} items; one item holds 400 KB, the gzipped state ${(s3.gzipBytes / 1e6).toFixed(1)} MB`,
    `S3: one GET and one PUT of ${(s3.gzipBytes / 1e6).toFixed(1)} MB per run (atomic: a reader sees the old object or the new one), plus the cache's: `
      + `${money(s3Run)} per run, ${money(s3Run * RUNS_PER_MONTH)}/month, + storage ${money(s3Storage)}/month `
      + `(${money(s3Storage * (1 + RUNS_PER_MONTH))} with the 30 days of noncurrent versions the journal bucket keeps)`,
    `Decision: S3. DynamoDB costs ${(ddbRun / s3Run).toFixed(0)}x more per steady run and ${money(fullWru * WRU_PRICE)} for the first, takes minutes of writes, and cannot replace`
      + ' a state (which holds the journal) atomically: a run stopped mid-write would leave half a journal.',
  ];
  return { lines, figures: { items, itemBytes: bytes, fullWru, scanRru, steadyWru, ddbRunUsd: ddbRun, s3RunUsd: s3Run, ddbStorageUsd: ddbStorage, s3StorageUsd: s3Storage } };
}
