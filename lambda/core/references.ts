/**
 * Image references → live digests. A reference counts only when it names this account's and region's registry; a
 * tag resolves through the inventory to the digest it points at now, and every digest a reference carries counts too
 * (a task pinned by digest whose tag has since moved keeps both). Resolution never deletes anything: a reference that
 * resolves to no image is reported as missing. Indexes are built once, so 100k references × 1M images stay linear.
 */
import type { Digest, ImageRecord, Inventory, LiveDigest, LiveReference, MissingLiveImage, ResolvedLiveSet } from './model';

export interface ImageReference {
  readonly accountId: string;
  readonly region: string;
  readonly host: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

/** `<acct>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, `<acct>.dkr-ecr[-fips].<region>.on.aws` and the other partitions. */
const ECR_HOST = /^(\d{12})\.(?:dkr\.ecr(?:-fips)?|dkr-ecr(?:-fips)?)\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws|on\.amazonwebservices\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov)(?::443)?$/;
/** `docker-pullable://`, `docker://`, `containerd://`: prefixes runtimes put in front of status imageIDs. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The ECR coordinates of a reference, or undefined when it names another registry (or is not a reference at all).
 * The part after the host is parsed leniently: a malformed reference to this registry must surface as a missing
 * image, not vanish as foreign.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const text = image.trim().replace(SCHEME, '');
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const host = text.slice(0, slash).toLowerCase();
  const registry = ECR_HOST.exec(host);
  if (!registry) return undefined;
  const [, accountId = '', region = ''] = registry;
  const at = text.indexOf('@', slash);
  const path = text.slice(slash + 1, at >= 0 ? at : undefined);
  const colon = path.lastIndexOf(':');
  const hasTag = colon > path.lastIndexOf('/');
  return {
    accountId,
    region,
    host,
    repository: hasTag ? path.slice(0, colon) : path,
    ...(hasTag ? { tag: path.slice(colon + 1) } : {}),
    ...(at >= 0 ? { digest: text.slice(at + 1) } : {}),
  };
}

interface InventoryIndex {
  /** Repository → tag → the digest the tag points at now. */
  readonly tags: Map<string, Map<string, Digest>>;
  /**
   * Digest → the repository holding it, or every repository when several do (rare: mirrors, promotions). One map
   * over all images serves both the repository-qualified and the bare `sha256:…` lookups.
   */
  readonly holders: Map<Digest, string | string[]>;
}

function indexInventory(images: readonly ImageRecord[]): InventoryIndex {
  const tags = new Map<string, Map<string, Digest>>();
  const holders = new Map<Digest, string | string[]>();
  for (const image of images) {
    if (image.tags.length > 0) {
      let byTag = tags.get(image.repository);
      if (!byTag) tags.set(image.repository, (byTag = new Map()));
      for (const tag of image.tags) byTag.set(tag, image.digest);
    }
    addHolder(holders, image.digest, image.repository);
  }
  return { tags, holders };
}

/** A plain string for the usual single holder: an array per digest would double the index's cost at 1M images. */
function addHolder(holders: Map<Digest, string | string[]>, digest: Digest, repository: string): void {
  const held = holders.get(digest);
  if (held === undefined) holders.set(digest, repository);
  else if (typeof held === 'string' && held !== repository) holders.set(digest, [held, repository]);
  else if (Array.isArray(held) && !held.includes(repository)) held.push(repository);
}

function holdersOf(index: InventoryIndex, digest: Digest): readonly string[] {
  const held = index.holders.get(digest);
  return held === undefined ? [] : typeof held === 'string' ? [held] : held;
}

class LiveSetBuilder {
  readonly live: LiveDigest[] = [];
  readonly missing: MissingLiveImage[] = [];
  foreignCount = 0;

  constructor(private readonly index: InventoryIndex, private readonly inventory: Inventory) {}

  add(reference: LiveReference): void {
    const bare = bareDigest(reference.image);
    if (bare !== undefined) return this.addBareDigests(reference, [bare, reference.digest]);
    const parsed = parseImageReference(reference.image);
    if (!parsed || parsed.accountId !== this.inventory.accountId || parsed.region !== this.inventory.region) {
      this.foreignCount += 1;
      return;
    }
    const digests = new Set([parsed.digest, reference.digest].filter((d): d is Digest => d !== undefined));
    // Without tag or digest a client pulls `latest`, whatever digest it resolved last time.
    const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
    if (tag !== undefined) {
      const tagged = this.index.tags.get(parsed.repository)?.get(tag);
      if (tagged === undefined) this.missing.push({ repository: parsed.repository, tag, reference });
      else digests.add(tagged);
    }
    for (const digest of digests) {
      if (holdersOf(this.index, digest).includes(parsed.repository)) this.live.push({ repository: parsed.repository, digest, reference });
      else this.missing.push({ repository: parsed.repository, digest, reference });
    }
  }

  /** A digest without a repository (a status imageID) is live wherever it is held; held nowhere, it is not ours. */
  private addBareDigests(reference: LiveReference, candidates: readonly (Digest | undefined)[]): void {
    let held = false;
    for (const digest of new Set(candidates)) {
      if (digest === undefined) continue;
      for (const repository of holdersOf(this.index, digest)) {
        this.live.push({ repository, digest, reference });
        held = true;
      }
    }
    if (!held) this.foreignCount += 1;
  }
}

function bareDigest(image: string): Digest | undefined {
  const text = image.trim().replace(SCHEME, '');
  return DIGEST.test(text) ? text : undefined;
}

export function resolveLiveReferences(refs: readonly LiveReference[], inventory: Inventory): ResolvedLiveSet {
  const builder = new LiveSetBuilder(indexInventory(inventory.images), inventory);
  for (const reference of refs) builder.add(reference);
  return { live: builder.live, missing: builder.missing, foreignCount: builder.foreignCount };
}
