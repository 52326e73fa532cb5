/**
 * Builders for core tests: images, policies and patterns with safe defaults, so each test states only what matters.
 * Patterns here use V8 RegExp (tests control their regexes); production patterns come from lambda/config.
 */
import type { ImageRecord, Inventory, LiveDigest } from '../../lambda/core/model';
import type { CollectedAccount, CollectedRegion } from '../../lambda/core/collected';
import type { KeepConditions, Lineage, Policy, TagPattern, UntaggedRule } from '../../lambda/core/policy';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

export function digestOf(seed: string): string {
  let h = 0x811c9dc5;
  let hex = '';
  for (let round = 0; hex.length < 64; round++) {
    for (const ch of `${seed}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `sha256:${hex.slice(0, 64)}`;
}

export function pattern(source: string): TagPattern {
  const regex = new RegExp(`^(?:${source})$`);
  const groupNames = [...source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
  return {
    source,
    groupNames,
    matches: (tag) => regex.test(tag),
    capture: (tag) => {
      const found = regex.exec(tag);
      return found ? { ...(found.groups ?? {}) } : undefined;
    },
  };
}

export function image(partial: Partial<ImageRecord> & { digest: string }): ImageRecord {
  return {
    repository: 'app',
    tags: [],
    pushedAt: NOW - 30 * DAY,
    sizeBytes: 1000,
    childDigests: [],
    status: 'ACTIVE',
    ...partial,
  };
}

export interface LineageSpec {
  name: string;
  tags: string;
  orderBy?: Lineage['orderBy'];
  groupBy?: string;
  keep: KeepConditions;
}

export function policy(spec: {
  name?: string;
  document?: string;
  repositories?: string[];
  protect?: string[];
  lineages?: LineageSpec[];
  untagged?: UntaggedRule;
  unmatched?: 'keep' | 'expire';
} = {}): Policy {
  const repositories = spec.repositories ?? ['**'];
  return {
    name: spec.name ?? 'test',
    document: spec.document ?? 'test',
    repositories,
    governs: (repository) => repositories.some((glob) => glob === '**' || glob === repository),
    protect: (spec.protect ?? []).map(pattern),
    lineages: (spec.lineages ?? []).map((l) => ({ name: l.name, tags: pattern(l.tags), orderBy: l.orderBy ?? 'pushedAt', ...(l.groupBy ? { groupBy: l.groupBy } : {}), keep: l.keep })),
    untagged: spec.untagged ?? { kind: 'keep' },
    unmatched: spec.unmatched ?? 'keep',
  };
}

export function inventory(images: readonly ImageRecord[]): Inventory {
  const names = [...new Set(images.map((i) => i.repository))];
  return { accountId: '123456789012', region: 'us-east-1', repositories: names.map((name) => ({ name, registryId: '123456789012' })), images };
}

/** One region's collection as an account of that one region, as collect() makes it. */
export function collectedAccount(region: CollectedRegion, extra: Partial<CollectedAccount> = {}): CollectedAccount {
  const { accountId, region: home } = region.inventory;
  return { accountId, homeRegion: home, regions: [region], unreadableRegions: [], journal: [], ...extra };
}

export function live(repository: string, digest: string, location = 'ecs cluster/prod service/web'): LiveDigest {
  return { region: 'us-east-1', repository, digest, reference: { source: 'ecs', location, image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}@${digest}` } };
}
