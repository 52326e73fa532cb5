/** The emulator as an estate: the access key picks the account, the signing Region picks the model. */
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { emptyAccount } from '../../emulator/aws/account';
import { emulatorCredentials } from '../../emulator/aws/estate';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const A = '111111111111';
const B = '222222222222';
const ARBITRARY_KEY = { accessKeyId: 'AKIDANYTHING', secretAccessKey: 'x' };

function model(accountId: string, region: string, repositories: string[]) {
  const account = emptyAccount(accountId, region);
  account.callerArn = `arn:aws:sts::${accountId}:assumed-role/cleaner/${region}`;
  account.ecr.repositories = repositories.map((name) => ({ name, createdAt: 0, images: [] }));
  return account;
}

describe('multi-account, multi-Region AWS emulator', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({
      accounts: [model(A, 'eu-west-1', ['a-eu']), model(A, 'us-east-1', ['a-us']), model(B, 'eu-west-1', ['b-eu']), model(B, 'us-east-1', ['b-us'])],
      enabledRegions: { [B]: ['eu-west-1', 'us-east-1', 'ap-east-1'] },
      pageSize: 2,
      quotas: {},
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCounters());

  const config = (region: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
    commonClientConfig({ region, endpoint: emulator.url, credentials, maxAttempts: 1 });
  const ecr = (accountId: string, region: string) => new ECRClient(config(region, emulator.credentialsFor(accountId)));
  const repositoriesOf = async (client: ECRClient) =>
    ((await client.send(new DescribeRepositoriesCommand({}))).repositories ?? []).map((r) => [r.repositoryName, r.repositoryArn]);

  it('keeps each account and Region apart: DescribeRepositories answers only that model', async () => {
    expect(await repositoriesOf(ecr(A, 'eu-west-1'))).toEqual([['a-eu', `arn:aws:ecr:eu-west-1:${A}:repository/a-eu`]]);
    expect(await repositoriesOf(ecr(A, 'us-east-1'))).toEqual([['a-us', `arn:aws:ecr:us-east-1:${A}:repository/a-us`]]);
    expect(await repositoriesOf(ecr(B, 'eu-west-1'))).toEqual([['b-eu', `arn:aws:ecr:eu-west-1:${B}:repository/b-eu`]]);
    expect(await repositoriesOf(ecr(B, 'us-east-1'))).toEqual([['b-us', `arn:aws:ecr:us-east-1:${B}:repository/b-us`]]);
  });

  it('answers STS GetCallerIdentity with the account and ARN of the access key', async () => {
    const identity = (accountId: string) => new STSClient(config('eu-west-1', emulator.credentialsFor(accountId))).send(new GetCallerIdentityCommand({}));
    expect(await identity(A)).toMatchObject({ Account: A, Arn: `arn:aws:sts::${A}:assumed-role/cleaner/eu-west-1` });
    expect(await identity(B)).toMatchObject({ Account: B, Arn: `arn:aws:sts::${B}:assumed-role/cleaner/eu-west-1` });
  });

  it('registers a deterministic access key per account, and lets any other key act as the first account', async () => {
    expect(emulator.credentialsFor(B)).toEqual(emulatorCredentials(B));
    expect(emulator.credentialsFor(B).accessKeyId).toMatch(/^AKIA[0-9A-Z]{16}$/);
    expect(() => emulator.credentialsFor('999999999999')).toThrow(/not in the estate/);
    expect(await repositoriesOf(new ECRClient(config('us-east-1', ARBITRARY_KEY)))).toEqual([['a-us', expect.any(String)]]);
  });

  it('refuses an emulator key minted for an account outside the estate, as AWS refuses a key it does not know', async () => {
    const stranger = new STSClient(config('eu-west-1', emulatorCredentials('999999999999')));
    await expect(stranger.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 },
    });
  });

  it('creates an enabled Region on first use, empty and with the account caller ARN', async () => {
    expect(emulator.models.some((m) => m.accountId === A && m.region === 'ap-southeast-2')).toBe(false);
    expect(await repositoriesOf(ecr(A, 'ap-southeast-2'))).toEqual([]);
    const created = emulator.models.find((m) => m.accountId === A && m.region === 'ap-southeast-2');
    expect(created).toMatchObject({ accountId: A, region: 'ap-southeast-2', callerArn: `arn:aws:sts::${A}:assumed-role/cleaner/eu-west-1` });
    expect(emulator.modelFor(A, 'ap-southeast-2')).toBe(created);
    emulator.modelFor(B, 'ap-east-1').ecr.repositories.push({ name: 'b-hk', createdAt: 0, images: [] });
    expect(await repositoriesOf(ecr(B, 'ap-east-1'))).toEqual([['b-hk', `arn:aws:ecr:ap-east-1:${B}:repository/b-hk`]]);
  });

  it('answers a Region the account has not enabled as a disabled opt-in Region: the token is invalid there', async () => {
    await expect(ecr(B, 'eu-central-1').send(new DescribeRepositoriesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', $metadata: { httpStatusCode: 403 },
    });
    const sts = new STSClient(config('me-south-1', emulator.credentialsFor(B)));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    const s3 = new S3Client({ ...config('eu-central-1', emulator.credentialsFor(B)), forcePathStyle: true });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'any', Key: 'k' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } });
    expect(() => emulator.modelFor(B, 'eu-central-1')).toThrow(/not enabled/);
    expect(emulator.models.some((m) => m.accountId === B && m.region === 'eu-central-1')).toBe(false);
  });

  it('counts calls per service operation and per account and Region', async () => {
    await repositoriesOf(ecr(A, 'eu-west-1'));
    await repositoriesOf(ecr(B, 'us-east-1'));
    await repositoriesOf(ecr(B, 'us-east-1'));
    expect(Object.fromEntries(emulator.calls)).toEqual({ 'ecr.DescribeRepositories': 3 });
    expect(Object.fromEntries(emulator.callsBy(B, 'us-east-1'))).toEqual({ 'ecr.DescribeRepositories': 2 });
    expect(Object.fromEntries(emulator.regionalCalls)).toEqual({
      [`${A}/eu-west-1 ecr.DescribeRepositories`]: 1, [`${B}/us-east-1 ecr.DescribeRepositories`]: 2,
    });
  });

  it('injects a fault into one account and Region only', async () => {
    emulator.setFaults([{ service: 'sts', kind: 'server-error', rate: 1, accountId: B, region: 'us-east-1' }]);
    const identity = (accountId: string, region: string) => new STSClient(config(region, emulator.credentialsFor(accountId))).send(new GetCallerIdentityCommand({}));
    await expect(identity(B, 'us-east-1')).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    await expect(identity(B, 'eu-west-1')).resolves.toMatchObject({ Account: B });
    await expect(identity(A, 'us-east-1')).resolves.toMatchObject({ Account: A });
    emulator.setFaults([]);
  });

  it('keeps a quota per account and Region, as AWS meters API rates', async () => {
    const metered = await startAwsEmulator({
      accounts: [model(A, 'eu-west-1', ['a']), model(B, 'eu-west-1', ['b'])],
      quotas: { 'ecr:read': { burst: 2, perSecond: 0.001 } },
    });
    try {
      const client = (accountId: string, region: string) =>
        new ECRClient(commonClientConfig({ region, endpoint: metered.url, credentials: metered.credentialsFor(accountId), maxAttempts: 1 }));
      const list = (c: ECRClient) => c.send(new DescribeRepositoriesCommand({}));
      await list(client(A, 'eu-west-1'));
      await list(client(A, 'eu-west-1'));
      await expect(list(client(A, 'eu-west-1'))).rejects.toMatchObject({ name: 'ThrottlingException' });
      await expect(list(client(B, 'eu-west-1'))).resolves.toMatchObject({ repositories: [{ repositoryName: 'b' }] });
      await expect(list(client(A, 'us-east-1'))).resolves.toMatchObject({ repositories: [] });
      expect(Object.fromEntries(metered.throttled)).toEqual({ 'ecr.DescribeRepositories': 1 });
    } finally {
      await metered.close();
    }
  });
});
