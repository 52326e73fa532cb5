/**
 * Two lookups over the registry's images. RegistryIndex, over every image, resolves live references (any digest or tag
 * a workload names). NodeLookup, over only the digests something names, serves the attachment model and the journal.
 * Objects and positions, not `repo@digest` strings, are the keys: building a million strings would cost more than
 * everything these indexes save.
 */
import type { Digest, ImageRecord } from './model';

export interface RegistryIndex {
  /** The image with this digest in this repository. */
  imageIn(repository: string, digest: Digest): ImageRecord | undefined;
  /** Every image with this digest, in any repository (one manifest is often held by several: promotions, mirrors). */
  holdersOf(digest: Digest): readonly ImageRecord[];
  /**
   * Every digest the listing showed with this tag. A listing that races a push shows the tag on the old digest and on
   * the new one; either may be what a client resolved, so all of them count (none is "the" current one).
   */
  taggedIn(repository: string, tag: string): readonly Digest[];
}

const NONE: readonly ImageRecord[] = Object.freeze([]);
const NO_DIGESTS: readonly Digest[] = Object.freeze([]);

export function indexRegistry(images: readonly ImageRecord[]): RegistryIndex {
  // A digest is usually held by one repository: a bare record then, an array only when it is shared.
  const holders = new Map<Digest, ImageRecord | ImageRecord[]>();
  const tags = new Map<string, Map<string, Digest | Digest[]>>();
  for (const image of images) {
    const held = holders.get(image.digest);
    if (held === undefined) holders.set(image.digest, image);
    else if (Array.isArray(held)) held.push(image);
    else holders.set(image.digest, [held, image]);
    if (image.tags.length === 0) continue;
    let byTag = tags.get(image.repository);
    if (!byTag) tags.set(image.repository, (byTag = new Map()));
    for (const tag of image.tags) {
      const tagged = byTag.get(tag);
      if (tagged === undefined) byTag.set(tag, image.digest);
      else if (Array.isArray(tagged)) tagged.push(image.digest);
      else byTag.set(tag, [tagged, image.digest]);
    }
  }
  const holdersOf = (digest: Digest): readonly ImageRecord[] => {
    const held = holders.get(digest);
    return held === undefined ? NONE : Array.isArray(held) ? held : [held];
  };
  return {
    holdersOf,
    imageIn: (repository, digest) => {
      const held = holders.get(digest);
      if (held === undefined || !Array.isArray(held)) return held?.repository === repository ? held : undefined;
      return held.find((image) => image.repository === repository);
    },
    taggedIn: (repository, tag) => {
      const tagged = tags.get(repository)?.get(tag);
      return tagged === undefined ? NO_DIGESTS : Array.isArray(tagged) ? tagged : [tagged];
    },
  };
}

/**
 * A lookup over positions in `nodes`, for only the digests in `wanted`: the attachment model and the journal ask about
 * the few digests that something names (index members, subjects, journal entries), and indexing just those keeps a
 * million-image registry from paying for a million-entry map. Asking about any other digest is a programming error.
 */
export interface NodeLookup {
  /** The position of the image with this digest in this repository. */
  idIn(repository: string, digest: Digest): number | undefined;
  /** The positions of every image with this digest, in any repository. */
  holdersOf(digest: Digest): readonly number[];
}

/** `digests[id]` is the digest of `nodes[id]`: a plain string array scans faster than the records themselves. */
export function lookupWanted(
  nodes: readonly ImageRecord[],
  wanted: ReadonlySet<Digest>,
  digests: readonly Digest[] = nodes.map((node) => node.digest),
  buckets: Uint32Array = Uint32Array.from(digests, bucketOf),
): NodeLookup {
  const holders = new Map<Digest, number[]>();
  if (wanted.size > 0) {
    // A bitmap of the wanted digests' first 24 bits lets the scan skip all but a few images without hashing their
    // digests: hashing a million 71-character strings costs more than the rest of the scan.
    const filter = new Uint8Array(1 << 21);
    for (const digest of wanted) filter[bucketOf(digest) >>> 3]! |= 1 << (bucketOf(digest) & 7);
    for (let id = 0; id < digests.length; id++) {
      const bucket = buckets[id] as number;
      if ((filter[bucket >>> 3]! & (1 << (bucket & 7))) === 0) continue;
      const digest = digests[id] as Digest;
      if (!wanted.has(digest)) continue;
      const held = holders.get(digest);
      if (held) held.push(id);
      else holders.set(digest, [id]);
    }
  }
  const check = (digest: Digest) => {
    if (!wanted.has(digest)) throw new Error(`lookup of ${digest}, which was not asked for when the lookup was built`);
  };
  return {
    idIn: (repository, digest) => {
      check(digest);
      return holders.get(digest)?.find((id) => nodes[id]?.repository === repository);
    },
    holdersOf: (digest) => {
      check(digest);
      return holders.get(digest) ?? NO_IDS;
    },
  };
}

/** 24 bits of a digest: its six characters after `sha256:` (any string gets some bucket; equal strings the same one). */
export function bucketOf(digest: string): number {
  let bucket = 0;
  for (let i = 7; i < 13; i++) bucket = (bucket << 4) | (digest.charCodeAt(i) & 15);
  return bucket;
}

const NO_IDS: readonly number[] = Object.freeze([]);
