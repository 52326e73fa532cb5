/**
 * ECR DescribeRegistry (API reference DescribeRegistry): the registry id and its replication configuration. The
 * response lists replicationConfiguration as an optional element; a registry whose configuration was never put
 * answers without it (the emulator's choice of the two shapes a client may meet, the other being empty `rules`, which
 * `ecr.replication: { rules: [] }` gives). Rules leave as ReplicationRule: destinations, repositoryFilters, and
 * deleteReplication (API reference DeleteReplication; AWS::ECR::ReplicationConfiguration DeleteReplication), which
 * the installed SDK does not model yet and so drops on parsing: it is sent all the same, as the service sends it.
 */
import type { EmuReplicationRule } from '../account';
import type { OperationContext } from '../service';

export function describeRegistry(_input: unknown, ctx: OperationContext): unknown {
  const { accountId, ecr } = ctx.account;
  if (!ecr.replication) return { registryId: accountId };
  return { registryId: accountId, replicationConfiguration: { rules: ecr.replication.rules.map(ruleShape) } };
}

function ruleShape(rule: EmuReplicationRule): Record<string, unknown> {
  return {
    destinations: rule.destinations.map(({ region, registryId }) => ({ region, registryId })),
    ...(rule.repositoryFilters ? { repositoryFilters: rule.repositoryFilters.map(({ filter, filterType }) => ({ filter, filterType })) } : {}),
    ...(rule.deleteReplication ? { deleteReplication: { enabled: rule.deleteReplication.enabled } } : {}),
  };
}
