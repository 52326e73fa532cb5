/**
 * Image references → live digests. A reference counts only when it names this account's and region's registry; a
 * tag resolves through the inventory to the digest it points at now, and every digest a reference carries counts too
 * (a task pinned by digest whose tag has since moved keeps both). Resolution never deletes anything: a reference that
 * resolves to no image is reported as missing. Indexes are built once, so 100k references × 1M images stay linear.
 */
import type { Digest, Inventory, LiveDigest, LiveReference, MissingLiveImage, ResolvedLiveSet } from './model';
import { indexRegistry, type RegistryIndex } from './registry';

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

class LiveSetBuilder {
  readonly live: LiveDigest[] = [];
  readonly missing: MissingLiveImage[] = [];

  constructor(private readonly index: RegistryIndex, private readonly inventory: Inventory) {}

  add(reference: LiveReference): void {
    const bare = bareDigest(reference.image);
    if (bare !== undefined) return this.addBareDigests(reference, [bare, reference.digest]);
    const parsed = parseImageReference(reference.image);
    if (!parsed || parsed.accountId !== this.inventory.accountId || parsed.region !== this.inventory.region) return;
    const digests = new Set([parsed.digest, reference.digest].filter((d): d is Digest => d !== undefined));
    // Without tag or digest a client pulls `latest`, whatever digest it resolved last time.
    const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
    if (tag !== undefined) {
      const tagged = this.index.taggedIn(parsed.repository, tag);
      if (tagged === undefined) this.missing.push({ repository: parsed.repository, tag, reference });
      else digests.add(tagged);
    }
    for (const digest of digests) {
      if (this.index.imageIn(parsed.repository, digest)) this.live.push({ repository: parsed.repository, digest, reference });
      else this.missing.push({ repository: parsed.repository, digest, reference });
    }
  }

  /** A digest without a repository (a status imageID) is live wherever it is held; held nowhere, it is not ours. */
  private addBareDigests(reference: LiveReference, candidates: readonly (Digest | undefined)[]): void {
    for (const digest of new Set(candidates)) {
      if (digest === undefined) continue;
      for (const { repository } of this.index.holdersOf(digest)) this.live.push({ repository, digest, reference });
    }
  }
}

function bareDigest(image: string): Digest | undefined {
  const text = image.trim().replace(SCHEME, '');
  return DIGEST.test(text) ? text : undefined;
}

export function resolveLiveReferences(refs: readonly LiveReference[], inventory: Inventory): ResolvedLiveSet {
  const builder = new LiveSetBuilder(indexRegistry(inventory.images), inventory);
  for (const reference of refs) builder.add(reference);
  return { live: builder.live, missing: builder.missing };
}
