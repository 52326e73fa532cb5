/**
 * A region's state (core/state.ts) as the document S3 keeps, laid out for size: at a million images the naive
 * layout repeats the repository, the `sha256:` prefix and four key names 1.5 million times. Here each digest is
 * written once (`digests`, without `sha256:`) and referred to by index, and rows are grouped by repository:
 *
 *   { "version": 1, "region": "eu-west-1", "writtenAt": 1700000000000,
 *     "tags":       { "<repository>": [["<tag>", <digest index>, <firstSeen>], …] },
 *     "candidates": { "<repository>": [[<digest index>, <since>], …] },
 *     "journal":    { "<repository>": [[<digest index>, <parent index>, "<region>"?], …] },
 *     "digests":    ["<64 hex>", …],
 *     "lifecyclePolicies": { "<repository>": [<checkedAt>, <1: has a policy, 0: none>], … } }   (optional)
 *
 * Times are epoch milliseconds. state-check.ts checks what is read, and what is about to be written, so that a run
 * never writes a state the next one would refuse.
 */
import type { JournalEntry } from '../../core/model';
import { type Candidacy, type RegionState, STATE_VERSION, type TagSighting } from '../../core/state';

const SHA256 = 'sha256:';
const HEX = /^[0-9a-f]{64}$/;

export interface StateDocument {
  readonly version: typeof STATE_VERSION;
  readonly region: string;
  readonly writtenAt: number;
  readonly digests: readonly string[];
  readonly tags: Readonly<Record<string, readonly (readonly [tag: string, digest: number, firstSeen: number])[]>>;
  readonly candidates: Readonly<Record<string, readonly (readonly [digest: number, since: number])[]>>;
  readonly journal: Readonly<Record<string, readonly (readonly [digest: number, parent: number, region?: string])[]>>;
  readonly lifecyclePolicies?: Readonly<Record<string, readonly [checkedAt: number, hasPolicy: 0 | 1]>>;
}

/** The document that holds a state; checkDocument (state-check.ts) says whether it can be written. */
export function encodeState(state: RegionState): StateDocument {
  const digests = new Map<string, number>();
  const indexOf = (digest: string): number => {
    let found = digests.get(digest);
    if (found === undefined) digests.set(digest, (found = digests.size));
    return found;
  };
  return {
    version: STATE_VERSION,
    region: state.region,
    writtenAt: state.writtenAt,
    tags: group(state.tags, (t): [string, number, number] => [t.tag, indexOf(t.digest), t.firstSeen]),
    candidates: group(state.candidates, (c): [number, number] => [indexOf(c.digest), c.since]),
    journal: group(state.journal, (e): [number, number, string?] =>
      (e.region === undefined ? [indexOf(e.digest), indexOf(e.parent)] : [indexOf(e.digest), indexOf(e.parent), e.region])),
    digests: [...digests.keys()].map((digest) => (digest.startsWith(SHA256) && HEX.test(digest.slice(7)) ? digest.slice(7) : digest)),
    ...(state.lifecyclePolicies?.length
      ? { lifecyclePolicies: Object.fromEntries(state.lifecyclePolicies.map((c): [string, readonly [number, 0 | 1]] => [c.repository, [c.checkedAt, c.hasPolicy ? 1 : 0]])) }
      : {}),
  };
}

/** Rows by repository; made in that order, so that a repository's digests take consecutive indexes. */
function group<T extends { readonly repository: string }, R>(items: readonly T[], row: (item: T) => R): Record<string, R[]> {
  const byRepository = new Map<string, T[]>();
  for (const item of items) {
    const list = byRepository.get(item.repository);
    if (list) list.push(item);
    else byRepository.set(item.repository, [item]);
  }
  return Object.fromEntries([...byRepository].map(([repository, list]) => [repository, list.map(row)]));
}

/** The state a checked document holds. */
export function decodeState(document: StateDocument): RegionState {
  const digests = document.digests.map((entry) => (HEX.test(entry) ? SHA256 + entry : entry));
  const digest = (i: number) => digests[i] as string;
  const tags: TagSighting[] = [];
  for (const [repository, rows] of Object.entries(document.tags)) {
    for (const [tag, i, firstSeen] of rows) tags.push({ repository, tag, digest: digest(i), firstSeen });
  }
  const candidates: Candidacy[] = [];
  for (const [repository, rows] of Object.entries(document.candidates)) {
    for (const [i, since] of rows) candidates.push({ repository, digest: digest(i), since });
  }
  const journal: JournalEntry[] = [];
  for (const [repository, rows] of Object.entries(document.journal)) {
    for (const [i, parent, region] of rows) {
      journal.push({ ...(region === undefined ? {} : { region }), repository, digest: digest(i), parent: digest(parent) });
    }
  }
  const lifecyclePolicies = Object.entries(document.lifecyclePolicies ?? {}).map(([repository, [checkedAt, has]]) => ({ repository, checkedAt, hasPolicy: has === 1 }));
  return { version: STATE_VERSION, region: document.region, writtenAt: document.writtenAt, tags, candidates, journal, ...(lifecyclePolicies.length ? { lifecyclePolicies } : {}) };
}
