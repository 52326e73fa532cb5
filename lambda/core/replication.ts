/**
 * Replicated deletes (ECR replication-delete.html): when a replication rule replicates deletions, deleting an image
 * here deletes its copy in every destination registry, another region or another account. So a workload pulling the
 * copy pulls this image: references to a destination registry, for a repository the rule replicates, count as
 * references to this one. And a destination whose workloads this run cannot see (a region it does not cover, an
 * account that is not expected to export) blocks deletion: its pulls are unknown.
 */
import { push } from './arrays';
import type { LiveReference, ReplicationRule } from './model';
import type { CollectedRegion } from './collected';
import { governingPolicy, type Policy } from './policy';
import { parseImageReference } from './references';
import { ecrRegistryOf, legacyHosts } from './registry-hosts';

export interface ReplicationProblem {
  readonly region: string;
  readonly destination: { readonly region: string; readonly registryId: string };
  readonly message: string;
}

interface ReplicaTarget {
  readonly sourceHost: string;
  readonly sourceRegion: string;
  readonly prefixes: readonly string[];
}


/** For each reference to a destination of a delete-replicating rule, the same reference to the source registry. */
export function replicaReferences(pool: readonly LiveReference[], regions: readonly CollectedRegion[], accountId: string): LiveReference[] {
  const targets = replicaTargets(regions, accountId);
  if (targets.size === 0) return [];
  const replicas: LiveReference[] = [];
  for (const reference of pool) {
    const parsed = parseImageReference(reference.image);
    const registry = parsed && ecrRegistryOf(parsed.host);
    if (!parsed || registry?.region === undefined) continue;
    for (const target of targets.get(`${registry.accountId} ${registry.region}`) ?? []) {
      if (!replicates(target.prefixes, parsed.repository)) continue;
      const path = `${parsed.repository}${parsed.tag !== undefined ? `:${parsed.tag}` : ''}${parsed.digest !== undefined ? `@${parsed.digest}` : ''}`;
      replicas.push({ ...reference, image: `${target.sourceHost}/${path}`, location: `${reference.location} (pulls a copy that deletions in ${target.sourceRegion} replicate to)` });
    }
  }
  return replicas;
}

/** `<registryId> <region>` of each destination → the source registries whose deletions reach it. */
function replicaTargets(regions: readonly CollectedRegion[], accountId: string): Map<string, ReplicaTarget[]> {
  const targets = new Map<string, ReplicaTarget[]>();
  for (const { inventory } of regions) {
    const sourceHost = inventory.registryHosts?.[0] ?? (legacyHosts(accountId, inventory.region)[0] as string);
    for (const rule of deleteReplicating(inventory.replication)) {
      for (const destination of rule.destinations) {
        if (destination.registryId === accountId && destination.region === inventory.region) continue;
        push(targets, `${destination.registryId} ${destination.region}`, { sourceHost, sourceRegion: inventory.region, prefixes: rule.repositoryPrefixes });
      }
    }
  }
  return targets;
}

/**
 * The destinations whose pulls this run cannot see, for rules that replicate the deletions of a governed repository:
 * a region of this account it does not cover, or an account that is not expected to export.
 */
export function replicationProblems(regions: readonly CollectedRegion[], accountId: string, expect: readonly string[], policies: readonly Policy[]): ReplicationProblem[] {
  const covered = new Set(regions.map(({ inventory }) => inventory.region));
  const problems: ReplicationProblem[] = [];
  for (const { inventory } of regions) {
    for (const rule of deleteReplicating(inventory.replication)) {
      const governed = inventory.repositories.some(({ name }) => replicates(rule.repositoryPrefixes, name) && governingPolicy(policies, name) !== undefined);
      if (!governed) continue;
      for (const destination of rule.destinations) {
        const message = unseen(destination, accountId, covered, expect);
        if (message) problems.push({ region: inventory.region, destination, message: `${inventory.region} replicates deletions to ${destination.registryId}/${destination.region}, ${message}` });
      }
    }
  }
  return problems;
}

function unseen(destination: { region: string; registryId: string }, accountId: string, covered: ReadonlySet<string>, expect: readonly string[]): string | undefined {
  if (destination.registryId === accountId) return covered.has(destination.region) ? undefined : `a region settings.regions does not cover: its workloads are not read`;
  return expect.includes(destination.registryId) ? undefined : `an account that is not in settings.exchange.expect: its workloads are not known`;
}

function deleteReplicating(rules: readonly ReplicationRule[] | undefined): readonly ReplicationRule[] {
  return (rules ?? []).filter((rule) => rule.deletesReplicated);
}

/** PREFIX_MATCH (ECR API RepositoryFilter); no filter replicates every repository. */
function replicates(prefixes: readonly string[], repository: string): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => repository.startsWith(prefix));
}
