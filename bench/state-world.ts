/**
 * A region's state at the scale the state store must carry (bench/state-store.ts): a million images in 3,000
 * repositories, ~1.5 tags per image, 5% of the digests deletion candidates, a journal of an interrupted run, and
 * the task definitions a large ECS account keeps. Seeded, so every run measures the same state.
 */
import type { JournalEntry } from '../lambda/core/model';
import type { Candidacy, RegionState, TagSighting } from '../lambda/core/state';
import type { CachedTaskDefinition } from '../lambda/ports';
import { randomFrom as random } from './e2e-random';

export interface WorldSize {
  readonly images: number;
  readonly repositories: number;
  readonly candidateShare: number;
  readonly journalEntries: number;
  readonly taskDefinitions: number;
}

export const MILLION: WorldSize = { images: 1_000_000, repositories: 3_000, candidateShare: 0.05, journalEntries: 2_000, taskDefinitions: 4_000 };

const REGION = 'eu-west-1';
const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;


function repositoryName(index: number): string {
  return `team-${String(index % 60).padStart(2, '0')}/service-${index}`;
}

/** Digests look random (sha256 output does): what they cost here is what a real account's cost. */
function digests(count: number, next: () => number): string[] {
  const bytes = Buffer.alloc(32 * count);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32BE(Math.floor(next() * 0x1_0000_0000), i);
  return Array.from({ length: count }, (_, i) => `sha256:${bytes.toString('hex', i * 32, i * 32 + 32)}`);
}

/** Tags as CI writes them: a semantic version, a branch and commit, now and then `latest` or a PR. */
function tagsOf(next: () => number, serial: number): string[] {
  const version = `v${1 + (serial % 7)}.${serial % 40}.${serial}`;
  if (next() < 0.5) return [version];
  const commit = Math.floor(next() * 0xfffffff).toString(16).padStart(7, '0');
  return [version, next() < 0.2 ? `pr-${serial % 5000}` : `main-${commit}`];
}

export function buildState(size: WorldSize = MILLION): RegionState {
  const next = random(42);
  const all = digests(size.images, next);
  const tags: TagSighting[] = [];
  const candidates: Candidacy[] = [];
  all.forEach((digest, i) => {
    const repository = repositoryName(i % size.repositories);
    const pushedAt = NOW - Math.floor(next() * 730 * DAY);
    // Most tags were first seen at their push; a promoted tag was seen later, at some run's time (whole minutes).
    for (const tag of tagsOf(next, i)) {
      tags.push({ repository, tag, digest, firstSeen: next() < 0.9 ? pushedAt : NOW - Math.floor(next() * 100) * DAY });
    }
    if (next() < size.candidateShare) candidates.push({ repository, digest, since: NOW - Math.floor(next() * 14) * DAY });
  });
  const journal: JournalEntry[] = Array.from({ length: size.journalEntries }, (_, i) => ({
    repository: repositoryName(i % size.repositories), digest: all[i] as string, parent: all[size.images - 1 - (i % 100)] as string,
  }));
  return { version: 1, region: REGION, writtenAt: NOW, tags, candidates, journal };
}

export function buildTaskDefinitions(size: WorldSize = MILLION): Map<string, CachedTaskDefinition> {
  const definitions = new Map<string, CachedTaskDefinition>();
  for (let i = 0; i < size.taskDefinitions; i++) {
    const family = `service-${i % 800}`;
    const revision = 1 + Math.floor(i / 800);
    const registry = `123456789012.dkr.ecr.${REGION}.amazonaws.com`;
    definitions.set(`arn:aws:ecs:${REGION}:123456789012:task-definition/${family}:${revision}`, {
      family, revision, containers: [
        { name: 'app', image: `${registry}/team-${i % 60}/service-${i % 800}:v1.${revision}.${i}` },
        { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0' },
      ],
    });
  }
  return definitions;
}
