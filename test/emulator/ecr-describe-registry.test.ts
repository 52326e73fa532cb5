/** ECR DescribeRegistry per (account, Region), and the wire members the installed SDK does not model yet. */
import { DescribeRegistryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';
import { jsonCall } from './signed-fetch';

const A = '111111111111';
const B = '222222222222';
const TARGET = 'AmazonEC2ContainerRegistry_V20150921.DescribeRegistry';

describe('ECR DescribeRegistry', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    const replicated = emptyAccount(A, 'eu-west-1');
    replicated.ecr.replication = {
      rules: [
        { destinations: [{ region: 'us-east-1', registryId: A }], repositoryFilters: [{ filter: 'team-a/', filterType: 'PREFIX_MATCH' }], deleteReplication: { enabled: true } },
        { destinations: [{ region: 'eu-west-1', registryId: B }] },
      ],
    };
    const emptyRules = emptyAccount(B, 'eu-west-1');
    emptyRules.ecr.replication = { rules: [] };
    emulator = await startAwsEmulator({ accounts: [replicated, emptyAccount(A, 'us-east-1'), emptyRules], quotas: {} });
  });
  afterAll(() => emulator.close());

  const raw = async (accountId: string, region: string) => {
    const answer = await jsonCall(emulator.url, 'ecr', TARGET, region, emulator.credentialsFor(accountId));
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body) as unknown;
  };

  it('sends deleteReplication on the wire exactly as the API does, beside destinations and repositoryFilters', async () => {
    expect(await raw(A, 'eu-west-1')).toEqual({
      registryId: A,
      replicationConfiguration: {
        rules: [
          { destinations: [{ region: 'us-east-1', registryId: A }], repositoryFilters: [{ filter: 'team-a/', filterType: 'PREFIX_MATCH' }], deleteReplication: { enabled: true } },
          { destinations: [{ region: 'eu-west-1', registryId: B }] },
        ],
      },
    });
  });

  it('answers the real SDK with the modelled members', async () => {
    const ecr = new ECRClient(commonClientConfig({ region: 'eu-west-1', endpoint: emulator.url, credentials: emulator.credentialsFor(A), maxAttempts: 1 }));
    const answer = await ecr.send(new DescribeRegistryCommand({}));
    expect(answer.registryId).toBe(A);
    expect(answer.replicationConfiguration?.rules?.[0]).toMatchObject({
      destinations: [{ region: 'us-east-1', registryId: A }], repositoryFilters: [{ filter: 'team-a/', filterType: 'PREFIX_MATCH' }],
    });
  });

  it('answers only the registry id where no replication was ever configured, and empty rules where they were emptied', async () => {
    expect(await raw(A, 'us-east-1')).toEqual({ registryId: A });
    expect(await raw(A, 'ap-southeast-2')).toEqual({ registryId: A });
    expect(await raw(B, 'eu-west-1')).toEqual({ registryId: B, replicationConfiguration: { rules: [] } });
  });
});
