/**
 * The registry laid out for deciding: repositories in name order, each one's images in digest order, one after
 * another, so that an image's id is its position. Everything the attachment model needs from each image is read here,
 * right after its repository was sorted, while the repository is still in the processor's cache: every later pass
 * over a million images costs a cache miss per image, and this one is paid once.
 */
import { cosignSubjectOf } from './referrers';
import type { Digest, ImageRecord, Inventory } from './model';
import { compareText } from './order';
import { bucketOf } from './registry';

export interface RepositorySlice {
  readonly name: string;
  readonly images: readonly ImageRecord[];
  /** Its images are nodes start … end - 1. */
  readonly start: number;
  readonly end: number;
}

export interface RegistryLayout {
  readonly nodes: readonly ImageRecord[];
  readonly repositories: readonly RepositorySlice[];
  /** `digests[id]` is the digest of `nodes[id]`, and `buckets[id]` its first 24 bits (registry.ts). */
  readonly digests: readonly Digest[];
  readonly buckets: Uint32Array;
  /** The ids of the images that name a parent: index members, an OCI subject, a cosign subject (a few percent). */
  readonly naming: readonly number[];
  /** Every subject those images name. */
  readonly subjects: ReadonlySet<Digest>;
}

export function layOutRegistry(inventory: Inventory): RegistryLayout {
  const groups = new Map<string, ImageRecord[]>();
  for (const repository of inventory.repositories) groups.set(repository.name, []);
  for (const image of inventory.images) {
    const group = groups.get(image.repository);
    if (group) group.push(image);
    else groups.set(image.repository, [image]);
  }
  const size = inventory.images.length;
  const layout = { nodes: new Array<ImageRecord>(size), digests: new Array<Digest>(size), buckets: new Uint32Array(size), naming: [] as number[], subjects: new Set<Digest>() };
  const repositories: RepositorySlice[] = [];
  let next = 0;
  for (const [name, images] of [...groups.entries()].sort(([a], [b]) => compareText(a, b))) {
    images.sort((a, b) => compareText(a.digest, b.digest));
    repositories.push({ name, images, start: next, end: next + images.length });
    for (const image of images) place(layout, next++, image);
  }
  return { ...layout, repositories };
}

function place(layout: { nodes: ImageRecord[]; digests: Digest[]; buckets: Uint32Array; naming: number[]; subjects: Set<Digest> }, id: number, image: ImageRecord): void {
  layout.nodes[id] = image;
  layout.digests[id] = image.digest;
  layout.buckets[id] = bucketOf(image.digest);
  let names = image.childDigests.length > 0;
  if (image.subjectDigest !== undefined) {
    layout.subjects.add(image.subjectDigest);
    names = true;
  }
  const { tags } = image;
  for (let t = 0; t < tags.length; t++) {
    // `s` first: a million tags are looked at, and almost none is a cosign tag.
    const subject = (tags[t] as string).charCodeAt(0) === 115 ? cosignSubjectOf(tags[t] as string) : undefined;
    if (subject === undefined) continue;
    layout.subjects.add(subject);
    names = true;
  }
  if (names) layout.naming.push(id);
}
