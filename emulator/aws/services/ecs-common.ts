/**
 * What the emulated ECS operations share: ARNs, the cluster lookup, and ECS's own validation of list sizes and
 * describe batches (InvalidParameterException, as ECS answers; ClusterNotFoundException for an unknown cluster).
 */
import type { AccountModel, EmuCluster, EmuTaskDefinition } from '../account';
import { taskDefinitionArn } from '../account';
import { AwsEmulatorError } from '../service';

export function ecsArn(account: AccountModel, resource: string): string {
  return `arn:aws:ecs:${account.region}:${account.accountId}:${resource}`;
}

export const clusterArn = (account: AccountModel, cluster: EmuCluster): string => ecsArn(account, `cluster/${cluster.name}`);

export function serviceArn(account: AccountModel, cluster: EmuCluster, service: string): string {
  return ecsArn(account, `service/${cluster.name}/${service}`);
}

export function arnOfTaskDefinition(account: AccountModel, definition: EmuTaskDefinition): string {
  return taskDefinitionArn(account, definition.family, definition.revision);
}

/** The last path segment of an ARN, or the string itself when it is a plain name. */
export function nameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').pop() ?? nameOrArn) : nameOrArn;
}

/** ECS takes a cluster's name or ARN and defaults to `default`. */
export function findCluster(account: AccountModel, raw: string | undefined): EmuCluster {
  const wanted = raw ?? 'default';
  const name = wanted.startsWith('arn:') ? wanted.slice(wanted.indexOf(':cluster/') + ':cluster/'.length) : wanted;
  const cluster = account.ecs.clusters.find((candidate) => candidate.name === name);
  if (!cluster) throw new AwsEmulatorError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

/** `maxResults` outside 1..100 is rejected; absent, the API's own default applies. */
export function checkMaxResults(maxResults: unknown, defaultMax: number): number {
  if (maxResults === undefined || maxResults === null) return defaultMax;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new AwsEmulatorError('InvalidParameterException', 'maxResults must be between 1 and 100.');
  }
  return maxResults;
}

/** A describe batch: at least one identifier and at most `limit` (DescribeServices 10, DescribeTasks 100, …). */
export function checkBatch(ids: unknown, limit: number, what: string): string[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new AwsEmulatorError('InvalidParameterException', `${what} can not be empty.`);
  }
  if (ids.length > limit) {
    throw new AwsEmulatorError('InvalidParameterException', `${what} can have at most ${limit} items.`);
  }
  return ids.map(String);
}

export function missing(arn: string): { arn: string; reason: string } {
  return { arn, reason: 'MISSING' };
}

export const epochSeconds = (ms: number): number => ms / 1000;
