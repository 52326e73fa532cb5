/**
 * `<repository>@<digest|tag>` → one image of the inventory. A tag resolves to the digest it points at now; a digest
 * may be given whole (`sha256:…`) or as a unique prefix of its hex (the 12 characters the plan table shows).
 */
import type { ImageRecord, Inventory } from '../lambda/core/model';
import { shortDigest } from '../lambda/core/reasons';
import { UsageError } from './errors';

export interface ImageSelector {
  /** `eu-west-1:shop/api@latest`: only that region (a repository name cannot hold a colon). */
  readonly region?: string;
  readonly repository: string;
  /** A tag, a digest, or a digest prefix. */
  readonly reference: string;
}

const DIGEST_PREFIX = /^(?:sha256:)?([0-9a-f]{6,64})$/;

export function parseSelector(text: string): ImageSelector {
  const at = text.lastIndexOf('@');
  const qualified = at > 0 ? text.slice(0, at) : '';
  const colon = qualified.indexOf(':');
  const region = colon > 0 ? qualified.slice(0, colon) : undefined;
  const repository = qualified.slice(colon + 1);
  const reference = at > 0 ? text.slice(at + 1) : '';
  if (!repository || !reference) throw new UsageError(`expected [<region>:]<repository>@<digest|tag>, e.g. shop/api@sha256:… or eu-west-1:shop/api@latest; got ${JSON.stringify(text)}`);
  return { ...(region !== undefined ? { region } : {}), repository, reference };
}

/** The image in whichever covered region holds the repository; a repository in several regions needs `<region>:`. */
export function findImageIn(inventories: readonly Inventory[], selector: ImageSelector): ImageRecord & { readonly region: string } {
  const candidates = inventories.filter((inventory) => (selector.region === undefined || inventory.region === selector.region)
    && inventory.repositories.some((repository) => repository.name === selector.repository));
  if (candidates.length > 1) {
    throw new UsageError(`${selector.repository} exists in ${candidates.map((inventory) => inventory.region).join(', ')}: say which, e.g. ${candidates[0]?.region}:${selector.repository}@${selector.reference}`);
  }
  const inventory = candidates[0] ?? inventories.find((candidate) => candidate.region === selector.region) ?? inventories[0];
  if (!inventory) throw new UsageError('no region was collected');
  return { ...findImage(inventory, selector), region: inventory.region };
}

export function findImage(inventory: Inventory, selector: ImageSelector): ImageRecord {
  const { repository, reference } = selector;
  const images = inventory.images.filter((image) => image.repository === repository);
  if (images.length === 0 && !inventory.repositories.some((r) => r.name === repository)) {
    throw new UsageError(`no repository ${repository} in account ${inventory.accountId}, region ${inventory.region}`);
  }
  const tagged = images.find((image) => image.tags.includes(reference));
  if (tagged) return tagged;
  const hex = DIGEST_PREFIX.exec(reference)?.[1];
  const candidates = hex === undefined ? [] : images.filter((image) => image.digest.startsWith(`sha256:${hex}`));
  if (candidates.length === 1) return candidates[0] as ImageRecord;
  if (candidates.length > 1) {
    throw new UsageError(`${repository}@${reference} is ambiguous: ${candidates.map((image) => shortDigest(image.digest)).join(', ')}; give more of the digest`);
  }
  throw new UsageError(`no image ${repository}@${reference}: no such tag or digest in ${repository}`);
}
