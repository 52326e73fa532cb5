/**
 * One index over every image of the registry, built once per decision and shared by reference resolution and the
 * attachment model, so that 1M images are indexed once, not once per concern. Objects, not `repo@digest` strings,
 * are the keys: building a million strings would cost more than everything this index saves.
 */
import type { Digest, ImageRecord } from './model';

export interface RegistryIndex {
  readonly images: readonly ImageRecord[];
  /** The image with this digest in this repository. */
  imageIn(repository: string, digest: Digest): ImageRecord | undefined;
  /** Every image with this digest, in any repository (one manifest is often held by several: promotions, mirrors). */
  holdersOf(digest: Digest): readonly ImageRecord[];
  /** The digest a tag of a repository points at now. */
  taggedIn(repository: string, tag: string): Digest | undefined;
}

const NONE: readonly ImageRecord[] = Object.freeze([]);

export function indexRegistry(images: readonly ImageRecord[]): RegistryIndex {
  // A digest is usually held by one repository: a bare record then, an array only when it is shared.
  const holders = new Map<Digest, ImageRecord | ImageRecord[]>();
  const tags = new Map<string, Map<string, Digest>>();
  for (const image of images) {
    const held = holders.get(image.digest);
    if (held === undefined) holders.set(image.digest, image);
    else if (Array.isArray(held)) held.push(image);
    else holders.set(image.digest, [held, image]);
    if (image.tags.length === 0) continue;
    let byTag = tags.get(image.repository);
    if (!byTag) tags.set(image.repository, (byTag = new Map()));
    for (const tag of image.tags) byTag.set(tag, image.digest);
  }
  const holdersOf = (digest: Digest): readonly ImageRecord[] => {
    const held = holders.get(digest);
    return held === undefined ? NONE : Array.isArray(held) ? held : [held];
  };
  return {
    images,
    holdersOf,
    imageIn: (repository, digest) => {
      const held = holders.get(digest);
      if (held === undefined || !Array.isArray(held)) return held?.repository === repository ? held : undefined;
      return held.find((image) => image.repository === repository);
    },
    taggedIn: (repository, tag) => tags.get(repository)?.get(tag),
  };
}
