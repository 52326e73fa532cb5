/**
 * The registry's replication rules (DescribeRegistry), with the one member this code needs that the SDK in use does
 * not model yet: `deleteReplication.enabled` (ECR API reference, ReplicationRule and DeleteReplication, 2026). The SDK's
 * deserializer drops members it does not know, so the answer's JSON is also read as it arrived, by a middleware
 * inside the deserializer; a newer SDK that models the member is read directly. Absent means false: "By default,
 * Amazon ECR replication ... does not replicate deletions" (replication-delete.html).
 */
import { Readable } from 'node:stream';
import { DescribeRegistryCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { ReplicationRule } from '../../core/model';
import { InventoryError } from '../common/errors';

interface WireRule {
  readonly destinations?: readonly { readonly region?: string; readonly registryId?: string }[];
  readonly repositoryFilters?: readonly { readonly filter?: string; readonly filterType?: string }[];
  readonly deleteReplication?: { readonly enabled?: boolean };
}

export async function readReplication(ecr: ECRClient): Promise<ReplicationRule[]> {
  const command = new DescribeRegistryCommand({});
  let raw: { replicationConfiguration?: { rules?: WireRule[] } } | undefined;
  command.middlewareStack.add((next) => async (args) => {
    const result = await next(args);
    raw = await bufferJson(result.response);
    return result;
  }, { step: 'deserialize', priority: 'low', name: 'ecrRetentionRawRegistry' });
  let answer;
  try {
    answer = await ecr.send(command);
  } catch (cause) {
    throw new InventoryError('the replication configuration (DescribeRegistry)', { cause });
  }
  const modelled = (answer.replicationConfiguration?.rules ?? []) as WireRule[];
  const wire = raw?.replicationConfiguration?.rules;
  // Whether a rule replicates deletions is known only from the answer as it arrived (or a newer SDK's member): a rule
  // read without it could be one that deletes the copies other workloads pull, so the registry cannot be read.
  const unknown = modelled.some((rule, i) => rule.deleteReplication === undefined && wire?.[i] === undefined) || (wire !== undefined && wire.length !== modelled.length);
  if (unknown) throw new InventoryError('the replication configuration (DescribeRegistry: whether each rule replicates deletions could not be read from the answer)');
  return modelled.map((rule, i) => toRule(rule, wire?.[i]));
}

function toRule(rule: WireRule, wire: WireRule | undefined): ReplicationRule {
  const destinations = (rule.destinations ?? []).map(({ region, registryId }) => {
    // ReplicationDestination: region and registryId are both required members (ECR API reference).
    if (!region || !registryId) throw new InventoryError('the replication configuration (DescribeRegistry answered a destination without its region or registry id)');
    return { region, registryId };
  });
  const repositoryPrefixes = (rule.repositoryFilters ?? []).flatMap(({ filter }) => (filter !== undefined ? [filter] : []));
  const deletesReplicated = (rule.deleteReplication ?? wire?.deleteReplication)?.enabled === true;
  return { destinations, repositoryPrefixes, deletesReplicated };
}

/**
 * Reads the body as it arrived and puts an identical one back for the SDK's own deserializer. Undefined when the
 * body is not JSON (the SDK then reports the error itself).
 */
async function bufferJson(response: unknown): Promise<{ replicationConfiguration?: { rules?: WireRule[] } } | undefined> {
  const http = response as { body?: AsyncIterable<Uint8Array> | undefined };
  if (!http.body || typeof (http.body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of http.body) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  http.body = Readable.from([bytes]);
  try {
    return JSON.parse(bytes.toString('utf8')) as { replicationConfiguration?: { rules?: WireRule[] } };
  } catch {
    return undefined;
  }
}
