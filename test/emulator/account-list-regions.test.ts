/** Account Management ListRegions through the real @aws-sdk/client-account, from the estate's Regions. */
import { AccountClient, ListRegionsCommand, type ListRegionsCommandInput, paginateListRegions, type Region } from '@aws-sdk/client-account';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { emptyAccount } from '../../emulator/aws/account';
import { OPT_IN_REGIONS } from '../../emulator/aws/services/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const A = '111111111111';
const B = '222222222222';

describe('Account ListRegions', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({
      accounts: [emptyAccount(A, 'eu-west-1'), emptyAccount(A, 'us-east-1'), emptyAccount(B, 'us-east-1')],
      enabledRegions: { [B]: ['us-east-1', 'us-west-2', 'af-south-1'] },
      pageSize: 2,
      quotas: {},
    });
  });
  afterAll(() => emulator.close());

  const client = (accountId: string, region = 'us-east-1') =>
    new AccountClient(commonClientConfig({ region, endpoint: emulator.url, credentials: emulator.credentialsFor(accountId), maxAttempts: 1 }));
  const allRegions = async (accountId: string, input: ListRegionsCommandInput = {}) => {
    const regions: Region[] = [];
    let pages = 0;
    for await (const page of paginateListRegions({ client: client(accountId) }, input)) {
      pages++;
      regions.push(...(page.Regions ?? []));
    }
    return { regions, pages };
  };

  it('pages every Region at the forced page size: the enabled ones and every opt-in Region left disabled', async () => {
    const { regions, pages } = await allRegions(A);
    expect(pages).toBe(Math.ceil(regions.length / 2));
    expect(regions.map((r) => r.RegionName)).toEqual([...regions.map((r) => r.RegionName)].sort());
    const status = Object.fromEntries(regions.map((r) => [r.RegionName, r.RegionOptStatus]));
    expect(status).toMatchObject({ 'eu-west-1': 'ENABLED_BY_DEFAULT', 'us-east-1': 'ENABLED_BY_DEFAULT', 'af-south-1': 'DISABLED', 'ap-east-1': 'DISABLED' });
    expect(regions).toHaveLength(2 + OPT_IN_REGIONS.length);
  });

  it('filters on RegionOptStatusContains, and lists an enabled opt-in Region as ENABLED', async () => {
    const { regions } = await allRegions(B, { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] });
    expect(regions).toEqual([
      { RegionName: 'af-south-1', RegionOptStatus: 'ENABLED' },
      { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'us-west-2', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
    ]);
    const disabled = await allRegions(B, { RegionOptStatusContains: ['DISABLED'] });
    expect(disabled.regions.map((r) => r.RegionName)).not.toContain('af-south-1');
    expect(disabled.regions.every((r) => r.RegionOptStatus === 'DISABLED')).toBe(true);
  });

  it('honours MaxResults below the page size, and answers for the caller account whatever Region the client names', async () => {
    const first = await client(B, 'eu-central-1').send(new ListRegionsCommand({ MaxResults: 1, RegionOptStatusContains: ['ENABLED_BY_DEFAULT'] }));
    expect(first.Regions).toEqual([{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }]);
    const second = await client(B).send(new ListRegionsCommand({ MaxResults: 1, RegionOptStatusContains: ['ENABLED_BY_DEFAULT'], NextToken: first.NextToken }));
    expect(second).toMatchObject({ Regions: [{ RegionName: 'us-west-2' }] });
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses what the API refuses: MaxResults over 50, an unknown status, a bad token, an AccountId without an organization', async () => {
    await expect(client(A).send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await expect(client(A).send(new ListRegionsCommand({ RegionOptStatusContains: ['ON' as 'ENABLED'] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client(A).send(new ListRegionsCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client(A).send(new ListRegionsCommand({ AccountId: B }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  });

  it('throttles as the SDK model says: TooManyRequestsException, HTTP 429', async () => {
    emulator.setFaults([{ service: 'account', operation: 'ListRegions', kind: 'throttle', rate: 1 }]);
    try {
      await expect(client(A).send(new ListRegionsCommand({}))).rejects.toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
    } finally {
      emulator.setFaults([]);
    }
  });
});
