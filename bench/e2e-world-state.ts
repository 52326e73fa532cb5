/**
 * What the bench's world knows of the state across runs: the DescribeTaskDefinition answers of a run, what the cold run
 * described and the task-definition cache it left (so the warm run's describes can be checked against them), and the
 * state objects' sizes in the emulated bucket.
 */
import { gunzipSync } from 'node:zlib';
import type { EmuS3Object } from '../emulator/aws/account';
import type { AwsEmulator } from '../emulator/aws/server';
import { bytesOf } from '../emulator/aws/services/s3-common';
import { BENCH_STATE_BUCKET, BENCH_STATE_PREFIX } from './e2e-account';
import type { StateSizes, TaskDefinitionDescribes } from './e2e-protocol';

/** One answered DescribeTaskDefinition: the region, and the definition ECS answered with (none: undescribable). */
export interface Describe {
  readonly region: string;
  readonly arn?: string;
  readonly status?: string;
}

/** Per region, the ACTIVE ARNs the cold run described, and the ARNs of the cache it left. */
export interface ColdRun {
  readonly described: ReadonlyMap<string, ReadonlySet<string>>;
  readonly cached: ReadonlyMap<string, ReadonlySet<string>>;
}

export function coldRunOf(describes: readonly Describe[], aws: AwsEmulator, regions: readonly string[]): ColdRun {
  const described = new Map<string, Set<string>>(regions.map((region) => [region, new Set()]));
  for (const d of describes) if (d.arn && d.status === 'ACTIVE') described.get(d.region)?.add(d.arn);
  return { described, cached: new Map(regions.map((region) => [region, new Set(Object.keys(cacheOf(aws, region)?.definitions ?? {}))])) };
}

export function taskDefinitionDescribes(describes: readonly Describe[], expected: number, cold: ColdRun | undefined): TaskDefinitionDescribes {
  const again = cold ? describes.filter((d) => d.arn !== undefined && d.status === 'ACTIVE' && cold.described.get(d.region)?.has(d.arn)).map((d) => d.arn as string) : [];
  const count = (sets: ReadonlyMap<string, ReadonlySet<string>>) => [...sets.values()].reduce((sum, set) => sum + set.size, 0);
  return {
    described: describes.length,
    expected,
    describedAgain: [...new Set(again)],
    known: cold ? count(cold.cached) : new Set(describes.filter((d) => d.arn && d.status === 'ACTIVE').map((d) => d.arn)).size,
  };
}

const stateKey = (region: string) => `${BENCH_STATE_PREFIX}${region}.json.gz`;
const cacheKey = (region: string) => `${BENCH_STATE_PREFIX}${region}/task-definitions.json.gz`;

function stateObjects(aws: AwsEmulator): Readonly<Record<string, EmuS3Object>> {
  return aws.account.s3?.buckets[BENCH_STATE_BUCKET] ?? {};
}

/** The region's task-definition cache as the runs left it (lambda/adapters/s3/task-definition-cache.ts), or none. */
function cacheOf(aws: AwsEmulator, region: string): { definitions?: Record<string, unknown> } | undefined {
  const object = stateObjects(aws)[cacheKey(region)];
  return object ? (JSON.parse(gunzipSync(bytesOf(object)).toString('utf8')) as { definitions?: Record<string, unknown> }) : undefined;
}

export function stateSizes(aws: AwsEmulator, regions: readonly string[]): StateSizes {
  const objects = stateObjects(aws);
  const bytes = (key: string) => {
    const object = objects[key];
    return object ? bytesOf(object).length : 0;
  };
  const under = Object.keys(objects).filter((key) => key.startsWith(BENCH_STATE_PREFIX));
  return {
    perRegion: regions.map((region) => ({
      region, stateBytes: bytes(stateKey(region)), cacheBytes: bytes(cacheKey(region)), cachedDefinitions: Object.keys(cacheOf(aws, region)?.definitions ?? {}).length,
    })),
    totalBytes: under.reduce((sum, key) => sum + bytes(key), 0),
    objects: under.length,
  };
}
