/**
 * Whether a replication rule replicates deletions is read from DescribeRegistry's answer as it arrived (the SDK in use
 * does not model it). When that cannot be known, the registry is not read as "no deletion replicated": that would
 * lose the references to the copies other workloads pull.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { InventoryError } from '../../lambda/adapters/common/errors';
import { readReplication } from '../../lambda/adapters/ecr/replication';

/** A client that answers without running the command's middleware: the raw answer is never seen. */
const answering = (answer: unknown) => ({ send: async () => answer }) as unknown as ECRClient;

describe('the replication rules', () => {
  it('cannot be read when the answer as it arrived is not available for a rule the SDK read without deleteReplication', async () => {
    const reading = readReplication(answering({ replicationConfiguration: { rules: [{ destinations: [{ region: 'us-east-1', registryId: '111111111111' }] }] } }));
    await expect(reading).rejects.toBeInstanceOf(InventoryError);
    await expect(reading).rejects.toThrow(/whether each rule replicates deletions could not be read/);
  });

  it('are read from a newer SDK\'s modelled member, without the raw answer', async () => {
    const rules = await readReplication(answering({ replicationConfiguration: { rules: [{ destinations: [{ region: 'us-east-1', registryId: '111111111111' }], deleteReplication: { enabled: true } }] } }));
    expect(rules).toEqual([{ destinations: [{ region: 'us-east-1', registryId: '111111111111' }], repositoryPrefixes: [], deletesReplicated: true }]);
  });

  it('refuse a destination without its region or registry id (both required members)', async () => {
    const reading = readReplication(answering({ replicationConfiguration: { rules: [{ destinations: [{ region: 'us-east-1' }], deleteReplication: { enabled: false } }] } }));
    await expect(reading).rejects.toThrow(/a destination without its region or registry id/);
  });

  it('with no rule at all, need nothing more', async () => {
    expect(await readReplication(answering({ registryId: '111111111111' }))).toEqual([]);
  });
});
