/**
 * Image references → live digests. A reference counts only when it names this account's and region's registry (one of
 * the hosts the inventory saw, core/registry-hosts); a tag resolves through the inventory to every digest the listing
 * showed it on, and every digest a reference carries counts too (a task pinned by digest whose tag has since moved
 * keeps both). Resolution never deletes anything: a reference that
 * resolves to no image is reported as missing. Indexes are built once, so 100k references × 1M images stay linear.
 */
import type { Digest, Inventory, LiveDigest, LiveReference, MissingLiveImage, ResolvedLiveSet } from './model';
import { indexRegistry, type RegistryIndex } from './registry';
import { classifyHost, legacyHosts, normalHost } from './registry-hosts';

export interface ImageReference {
  readonly host: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

/** `docker-pullable://`, `docker://`, `containerd://`: prefixes runtimes put in front of status imageIDs. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * `<host>/<path>[:tag][@digest]`, or undefined when there is no host. The part after the host is parsed leniently: a
 * malformed reference to this registry must surface as a missing image, not vanish as foreign. Digests are compared in
 * lower case (hex), so one digest spelled in two cases counts once.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const text = image.trim().replace(SCHEME, '');
  const slash = text.indexOf('/');
  if (slash <= 0) return undefined;
  const at = text.indexOf('@', slash);
  const path = text.slice(slash + 1, at >= 0 ? at : undefined);
  const colon = path.lastIndexOf(':');
  const hasTag = colon > path.lastIndexOf('/');
  return {
    host: normalHost(text.slice(0, slash)),
    repository: hasTag ? path.slice(0, colon) : path,
    ...(hasTag ? { tag: path.slice(colon + 1) } : {}),
    ...(at >= 0 ? { digest: text.slice(at + 1).toLowerCase() } : {}),
  };
}

class LiveSetBuilder {
  readonly live: LiveDigest[] = [];
  readonly missing: MissingLiveImage[] = [];
  private readonly hosts: ReadonlySet<string>;

  constructor(private readonly index: RegistryIndex, private readonly inventory: Inventory) {
    this.hosts = new Set((inventory.registryHosts ?? legacyHosts(inventory.accountId, inventory.region)).map(normalHost));
  }

  /** Each reference adds its live digests, and at most one missing entry: what it names that resolves to nothing. */
  add(reference: LiveReference): void {
    const bare = bareDigest(reference.image);
    if (bare !== undefined) return this.addBareDigests(reference, [bare, reference.digest?.toLowerCase()]);
    const parsed = parseImageReference(reference.image);
    if (!parsed) return;
    const registry = classifyHost(parsed.host, this.inventory.accountId, this.inventory.region, this.hosts);
    if (registry === 'foreign') return;
    const { repository } = parsed;
    if (registry === 'unrecognised') return void this.missing.push({ region: this.inventory.region, repository, ...pick(parsed), reference });
    const digests = new Set([parsed.digest, reference.digest?.toLowerCase()].filter((d): d is Digest => d !== undefined));
    // Without tag or digest a client pulls `latest`, whatever digest it resolved last time.
    const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
    const tagged = tag === undefined ? [] : this.index.taggedIn(repository, tag);
    for (const digest of tagged) digests.add(digest);
    let missingDigest: Digest | undefined;
    for (const digest of digests) {
      if (this.index.imageIn(repository, digest)) this.live.push({ region: this.inventory.region, repository, digest, reference });
      else missingDigest ??= digest;
    }
    const missingTag = tag !== undefined && tagged.length === 0 ? tag : undefined;
    if (missingTag !== undefined || missingDigest !== undefined) {
      this.missing.push({ region: this.inventory.region, repository, ...(missingTag !== undefined ? { tag: missingTag } : {}), ...(missingDigest !== undefined ? { digest: missingDigest } : {}), reference });
    }
  }

  /** A digest without a repository (a status imageID) is live wherever it is held; held nowhere, it is not ours. */
  private addBareDigests(reference: LiveReference, candidates: readonly (Digest | undefined)[]): void {
    for (const digest of new Set(candidates)) {
      if (digest === undefined) continue;
      for (const { repository } of this.index.holdersOf(digest)) this.live.push({ region: this.inventory.region, repository, digest, reference });
    }
  }
}

function pick(parsed: ImageReference): { tag?: string; digest?: Digest } {
  return { ...(parsed.tag !== undefined ? { tag: parsed.tag } : {}), ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}) };
}

/** A reference that is only a digest (`sha256:…`, a runtime's scheme allowed): it may name any registry's image. */
export function bareDigest(image: string): Digest | undefined {
  const text = image.trim().replace(SCHEME, '').toLowerCase();
  return DIGEST.test(text) ? text : undefined;
}

export function resolveLiveReferences(refs: readonly LiveReference[], inventory: Inventory): ResolvedLiveSet {
  const builder = new LiveSetBuilder(indexRegistry(inventory.images), inventory);
  for (const reference of refs) builder.add(reference);
  return { live: builder.live, missing: builder.missing };
}
