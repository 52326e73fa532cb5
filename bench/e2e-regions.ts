/**
 * The account over several regions (`--regions 3`): us-east-1 (the home region: the config, the report topic and the
 * platform registry), eu-west-1 and ap-southeast-2. One size's account is split across them: every workload kind
 * (ECS services, EKS apps, image functions, job definitions) goes round-robin to the regions, item k to region k mod R,
 * with its clusters, tasks, pods and schedules; each workload's repository lives in the registry of the region that
 * runs it, except every CROSS_REGION_EVERY-th of each region's (the first included, so every region has some), kept in
 * another region's registry; and the platform repositories (envoy, base, node-agent, otel), which only us-east-1 holds
 * and every region's sidecars, init containers and daemon sets pull.
 * The repositories nothing references go round-robin. So each region has its own inventory and live sources, and a
 * share of its references name another region's registry. With one region, the layout is today's account, unchanged.
 */
import { PLATFORM_REPOSITORIES, repositoryRoles, type AccountShape } from './e2e-shape';

export const BENCH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

/** One in this many of a region's workload repositories is held in another region's registry (a tenth). */
export const CROSS_REGION_EVERY = 10;

/** The bench's regions for `--regions n`: the first n of BENCH_REGIONS, the home region first. */
export function benchRegions(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > BENCH_REGIONS.length) throw new Error(`--regions takes 1 to ${BENCH_REGIONS.length}`);
  return BENCH_REGIONS.slice(0, count);
}

/**
 * The shape to split over `regions` regions: every per-region count at least one per region (a region without an ECS
 * or EKS cluster, a function or a job definition would not exercise its live sources). Unchanged for one region, and
 * from ×0.6 up for three (the minimums are then already met).
 */
export function spreadShape(shape: AccountShape, regions: number): AccountShape {
  if (regions === 1) return shape;
  const least = (value: number) => Math.max(regions, value);
  return {
    ...shape,
    ecsClusters: least(shape.ecsClusters), services: least(shape.services), scheduledFamilies: least(shape.scheduledFamilies),
    eksClusters: least(shape.eksClusters), eksApps: least(shape.eksApps), imageFunctions: least(shape.imageFunctions),
    zipFunctions: least(shape.zipFunctions), jobDefinitions: least(shape.jobDefinitions), otherRules: least(shape.otherRules),
  };
}

/** One region's share of the account: the counts its generators make, and the repositories its workloads run. */
export interface RegionShare {
  readonly region: string;
  /** The region's counts (ECS clusters, tasks, schedules, EKS clusters, pods, zip functions); the lists below give the rest. */
  readonly shape: AccountShape;
  /** Repository of each ECS service (one task definition family per service). */
  readonly services: readonly number[];
  readonly eksApps: readonly number[];
  readonly imageFunctions: readonly number[];
  readonly jobDefinitions: readonly number[];
  /** Index of the region's first EKS cluster and zip function over all regions (names stay unique). */
  readonly firstEksCluster: number;
  readonly firstZipFunction: number;
}

export interface RegionLayout {
  readonly regions: readonly string[];
  /** The region whose registry holds repository `index`. */
  registryOf(index: number): string;
  readonly shares: readonly RegionShare[];
}

export function regionLayout(shape: AccountShape, regions: readonly string[]): RegionLayout {
  const count = regions.length;
  const roles = repositoryRoles(shape);
  const referenced = roles.batch.from + roles.batch.count;
  /** Repository ⇒ the region index whose registry holds it, for the workload repositories. */
  const held = new Map<number, number>();
  const seen = Array.from({ length: count }, () => 0);
  for (const role of [roles.ecs, roles.eks, roles.lambda, roles.batch]) {
    for (let k = 0; k < role.count; k++) {
      const runs = k % count;
      const nth = (seen[runs] = (seen[runs] ?? 0) + 1) - 1;
      const elsewhere = count > 1 && nth % CROSS_REGION_EVERY === 0;
      held.set(role.from + k, elsewhere ? (runs + 1 + (Math.floor(nth / CROSS_REGION_EVERY) % (count - 1))) % count : runs);
    }
  }
  const registryIndex = (index: number): number => {
    if (count === 1 || index < PLATFORM_REPOSITORIES.length) return 0;
    return held.get(index) ?? (index >= referenced ? index % count : 0);
  };
  const ecsClusters = splitEven(shape.ecsClusters, count);
  const tasks = splitEven(shape.tasks, count);
  const scheduled = splitEven(shape.scheduledFamilies, count);
  const otherRules = splitEven(shape.otherRules, count);
  const eksClusters = splitEven(shape.eksClusters, count);
  const pods = splitEven(shape.pods, count);
  const zips = splitEven(shape.zipFunctions, count);
  const items = (role: { from: number; count: number }, r: number) =>
    Array.from({ length: role.count }, (_, k) => role.from + k).filter((_, k) => k % count === r);
  const shares = regions.map((region, r): RegionShare => {
    const services = items(roles.ecs, r);
    const eksApps = items(roles.eks, r);
    const imageFunctions = items(roles.lambda, r);
    const jobDefinitions = items(roles.batch, r);
    const sum = (parts: readonly number[]) => parts.slice(0, r).reduce((a, b) => a + b, 0);
    return {
      region,
      shape: {
        ...shape,
        ecsClusters: ecsClusters[r] ?? 0, services: services.length, tasks: tasks[r] ?? 0, scheduledFamilies: scheduled[r] ?? 0,
        otherRules: otherRules[r] ?? 0, eksClusters: eksClusters[r] ?? 0, pods: pods[r] ?? 0, eksApps: eksApps.length,
        imageFunctions: imageFunctions.length, zipFunctions: zips[r] ?? 0, jobDefinitions: jobDefinitions.length,
      },
      services, eksApps, imageFunctions, jobDefinitions,
      firstEksCluster: sum(eksClusters), firstZipFunction: sum(zips),
    };
  });
  for (const share of shares) {
    if (share.services.length === 0 || share.eksApps.length === 0 || share.shape.ecsClusters === 0 || share.shape.eksClusters === 0) {
      throw new Error(`region ${share.region} gets no ECS or EKS workload: spread the shape first (spreadShape)`);
    }
  }
  return { regions, registryOf: (index) => regions[registryIndex(index)] as string, shares };
}

/** `total` in `parts` near-equal integers, the larger ones first. */
export function splitEven(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
