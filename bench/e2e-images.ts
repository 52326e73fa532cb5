/**
 * The registry: repositories of lognormal sizes (a few hold thousands of images, 2 % none), each a history of CI
 * builds in push order — mainline `git-<sha>`, releases `tag-M-m-p`, pull requests, nightlies, untagged — with
 * multi-arch indexes (two untagged children each), OCI referrers (SBOM / signature with a subject), cosign signature
 * tags, archived old images and pull times. Platform repositories release `vM.m.p` instead.
 */
import type { EmuImage, EmuRepository } from '../emulator/aws/account';
import { pick, randomDigest, randomHex, splitTotal, type Random } from './e2e-random';
import { PLATFORM_REPOSITORIES, type AccountShape } from './e2e-shape';

export const DAY = 86_400_000;
const IMAGE = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_IMAGE = 'application/vnd.docker.distribution.manifest.v2+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const SBOM = 'application/spdx+json';
const SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const WORDS = ['orders', 'payments', 'search', 'catalog', 'auth', 'billing', 'reports', 'gateway', 'ledger', 'notify'];
const BRANCHES = ['feature-login', 'fix-cache', 'chore-deps', 'feature-cart', 'fix-timeout', 'feature-search', 'spike-grpc', 'fix-auth'];

/** A build a workload can name: its tag (as a reference would write it) and the digest the tag points at. */
export interface ImageRef {
  readonly tag: string;
  readonly digest: string;
}

/** Where workloads pull repository `index` from: `<registry host>/<name>`, the host of the region whose registry holds it. */
export type ImagePath = (index: number) => string;

export interface Registry {
  readonly repositories: EmuRepository[];
  /** The repository's referenceable builds, newest first (computed once per repository). */
  builds(index: number): readonly ImageRef[];
}

export function repositoryName(index: number): string {
  if (index < PLATFORM_REPOSITORIES.length) return PLATFORM_REPOSITORIES[index] as string;
  return `team-${index % 10}/${WORDS[Math.floor(index / 10) % WORDS.length]}-${String(index).padStart(5, '0')}`;
}

/** `referenced`: the first repositories, which workloads name; they get at least MIN_REFERENCED images each. */
export function generateRegistry(shape: AccountShape, referenced: number, rand: Random, now: number): Registry {
  const sizes = splitTotal(rand, shape.images, shape.repositories, 1.6, 0.02);
  raiseReferenced(sizes, referenced);
  const repositories = sizes.map((size, index): EmuRepository => {
    const images = fillRepository(size, index < PLATFORM_REPOSITORIES.length, rand, now);
    return { name: repositoryName(index), createdAt: now - 800 * DAY, images };
  });
  assertTotal(repositories, shape.images);
  const cache = new Map<number, ImageRef[]>();
  return {
    repositories,
    builds: (index) => {
      let refs = cache.get(index);
      if (!refs) cache.set(index, (refs = referenceableBuilds(repositories[index] as EmuRepository)));
      return refs;
    },
  };
}

const MIN_REFERENCED = 12;

/** A workload names builds of its repository: those get a few images, taken from the largest repository. */
function raiseReferenced(sizes: number[], referenced: number): void {
  for (let index = 0; index < referenced; index++) {
    const missing = MIN_REFERENCED - (sizes[index] ?? 0);
    if (missing <= 0) continue;
    const largest = sizes.indexOf(Math.max(...sizes));
    sizes[largest] = (sizes[largest] ?? 0) - missing;
    sizes[index] = MIN_REFERENCED;
  }
}

/** fillRepository makes exactly `size` images: checked, since every figure relies on the total. */
function assertTotal(repositories: readonly EmuRepository[], total: number): void {
  const made = repositories.reduce((sum, repository) => sum + repository.images.length, 0);
  if (made !== total) throw new Error(`generated ${made} images, expected ${total}`);
}

interface History {
  readonly platform: boolean;
  minor: number;
  patch: number;
  lastNightly: string;
}

function fillRepository(size: number, platform: boolean, rand: Random, now: number): EmuImage[] {
  const images: EmuImage[] = [];
  const spanMs = (30 + rand() * 690) * DAY;
  const history: History = { platform, minor: Math.floor(rand() * 40), patch: 0, lastNightly: '' };
  while (images.length < size) {
    const pushedAt = Math.round(now - spanMs * (1 - images.length / size) - rand() * 3_600_000);
    const room = size - images.length;
    const build = image(randomDigest(rand), tagsOf(history, pushedAt, rand), pushedAt, rand, now);
    const roll = rand();
    if (roll < 0.04 && room >= 3) {
      const children = [image(randomDigest(rand), [], pushedAt, rand, now), image(randomDigest(rand), [], pushedAt, rand, now)];
      images.push(...children, { ...build, manifestMediaType: INDEX, childDigests: children.map((c) => c.digest) });
    } else if (roll < 0.07 && room >= 2) {
      const referrer = image(randomDigest(rand), [], pushedAt, rand, now);
      images.push(build, { ...referrer, sizeBytes: 40_000, subjectDigest: build.digest, artifactMediaType: rand() < 0.5 ? SBOM : SIGNATURE });
    } else if (roll < 0.08 && room >= 2) {
      const signature = image(randomDigest(rand), [`sha256-${build.digest.slice(7)}.sig`], pushedAt, rand, now);
      images.push(build, { ...signature, sizeBytes: 1_000, artifactMediaType: SIGNATURE });
    } else {
      images.push(build);
    }
  }
  markNewest(images, platform);
  return images;
}

function image(digest: string, tags: string[], pushedAt: number, rand: Random, now: number): EmuImage {
  const result: EmuImage = {
    digest, tags, pushedAt,
    sizeBytes: 20_000_000 + Math.floor(rand() * 300_000_000),
    manifestMediaType: rand() < 0.2 ? DOCKER_IMAGE : IMAGE,
  };
  if (rand() < 0.4) result.lastPulledAt = pushedAt + Math.floor(rand() * (now - pushedAt));
  if (now - pushedAt > 180 * DAY && rand() < 0.03) result.status = 'ARCHIVED';
  return result;
}

function tagsOf(history: History, pushedAt: number, rand: Random): string[] {
  const roll = rand();
  const sha = randomHex(rand, 8);
  if (history.platform) {
    if (roll < 0.5) return [`v1.${history.minor}.${nextPatch(history)}`];
    return roll < 0.85 ? [`git-${sha}`] : [];
  }
  if (roll < 0.5) return [`git-${sha}`];
  if (roll < 0.62) return [`tag-1-${history.minor}-${nextPatch(history)}`, `git-${sha}`];
  if (roll < 0.8) return [`pr-${pick(rand, BRANCHES)}-${sha.slice(0, 7)}`];
  if (roll < 0.85) {
    const nightly = `nightly-${new Date(pushedAt).toISOString().slice(0, 10).replaceAll('-', '')}`;
    if (nightly !== history.lastNightly) return [(history.lastNightly = nightly)];
    return [`git-${sha}`];
  }
  return [];
}

function nextPatch(history: History): number {
  if (history.patch >= 4) {
    history.minor += 1;
    history.patch = 0;
    return 0;
  }
  return ++history.patch;
}

/** `latest` on the newest build, `prd` on the newest release: what teams protect. */
function markNewest(images: EmuImage[], platform: boolean): void {
  const builds = images.filter((i) => i.tags.length > 0 && !i.artifactMediaType);
  builds.at(-1)?.tags.push('latest');
  if (!platform) builds.findLast((i) => i.tags[0]?.startsWith('tag-'))?.tags.push('prd');
}

function referenceableBuilds(repository: EmuRepository): ImageRef[] {
  const refs: ImageRef[] = [];
  for (let i = repository.images.length - 1; i >= 0; i--) {
    const candidate = repository.images[i] as EmuImage;
    const tag = candidate.tags[0];
    if (tag && !candidate.artifactMediaType && !tag.startsWith('nightly-')) refs.push({ tag, digest: candidate.digest });
  }
  return refs;
}
