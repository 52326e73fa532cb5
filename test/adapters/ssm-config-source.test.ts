import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { ConfigSourceError } from '../../lambda/adapters/common/errors';
import { SsmConfigSource } from '../../lambda/adapters/ssm/config-source';
import { type EmuParameter, emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const REGION = 'eu-west-1';
const text = (name: string) => `# ${name}\npolicies: []\n`;
const parameter = (name: string, type: EmuParameter['type'] = 'String'): EmuParameter => ({ name, value: text(name), type });

/** Stored out of order, with neighbours that share a prefix but not the path. */
const parameters: EmuParameter[] = [
  parameter('/ecr-retention/20-team-b'),
  parameter('/ecr-retention/00-settings'),
  parameter('/ecr-retention/teams/platform/web'),
  parameter('/ecr-retention/10-team-a'),
  parameter('/ecr-retention/15-secret', 'SecureString'),
  parameter('/ecr-retention-old/00-settings'),
  parameter('/other/config'),
];
const expectedNames = [
  '/ecr-retention/00-settings',
  '/ecr-retention/10-team-a',
  '/ecr-retention/15-secret',
  '/ecr-retention/20-team-b',
  '/ecr-retention/teams/platform/web',
];

function ssmClient(emulator: AwsEmulator, maxAttempts?: number) {
  return new SSMClient(commonClientConfig({ region: REGION, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) }));
}

describe.each([2, 3])('SSM config source (page size %i)', (pageSize) => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    const account = emptyAccount('111122223333', REGION);
    emulator = await startAwsEmulator({ account: { ...account, ssm: { parameters: structuredClone(parameters) } }, pageSize, quotas: {} });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('returns every parameter under the path, recursively, in name order, SecureStrings decrypted', async () => {
    const documents = await new SsmConfigSource({ client: ssmClient(emulator), path: '/ecr-retention/' }).load();
    expect(documents.map((d) => d.name)).toEqual(expectedNames);
    expect(documents.map((d) => d.text)).toEqual(expectedNames.map(text));
  });

  it('reads each page once', async () => {
    await new SsmConfigSource({ client: ssmClient(emulator), path: '/ecr-retention' }).load();
    expect(Object.fromEntries(emulator.calls)).toEqual({ 'ssm.GetParametersByPath': Math.ceil(expectedNames.length / pageSize) });
  });

  it('returns no documents for an empty path, in one call', async () => {
    expect(await new SsmConfigSource({ client: ssmClient(emulator), path: '/nothing-here/' }).load()).toEqual([]);
    expect(emulator.calls.get('ssm.GetParametersByPath')).toBe(1);
  });

  it('retries throttling and server errors', async () => {
    emulator.setFaults([{ service: 'ssm', kind: 'throttle', rate: 1, remaining: 2 }, { service: 'ssm', kind: 'server-error', rate: 1, remaining: 1 }]);
    const documents = await new SsmConfigSource({ client: ssmClient(emulator), path: '/ecr-retention/' }).load();
    expect(documents.map((d) => d.name)).toEqual(expectedNames);
    expect(emulator.calls.get('ssm.GetParametersByPath')).toBe(Math.ceil(expectedNames.length / pageSize) + 3);
  });

  it('throws a ConfigSourceError naming the path when SSM keeps failing', async () => {
    emulator.setFaults([{ service: 'ssm', kind: 'throttle', rate: 1 }]);
    const loading = new SsmConfigSource({ client: ssmClient(emulator, 3), path: '/ecr-retention/' }).load();
    await expect(loading).rejects.toBeInstanceOf(ConfigSourceError);
    await expect(loading).rejects.toThrow(/config: could not read SSM parameters under \/ecr-retention\/ \(ThrottlingException/);
  });

  it('throws a ConfigSourceError for a path SSM rejects', async () => {
    const loading = new SsmConfigSource({ client: ssmClient(emulator), path: 'ecr-retention' }).load();
    await expect(loading).rejects.toThrow(/could not read SSM parameters under ecr-retention \(ValidationException/);
  });
});

describe('emulated Parameter Store', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('111122223333', REGION), quotas: {} });
  });
  afterAll(() => emulator.close());

  it('creates, refuses to overwrite silently, then overwrites with a new version', async () => {
    const ssm = ssmClient(emulator);
    const name = '/ecr-retention/00-settings';
    expect(await ssm.send(new PutParameterCommand({ Name: name, Value: 'a: 1', Type: 'String' }))).toMatchObject({ Version: 1, Tier: 'Standard' });
    await expect(ssm.send(new PutParameterCommand({ Name: name, Value: 'a: 2', Type: 'String' }))).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
    expect(await ssm.send(new PutParameterCommand({ Name: name, Value: 'a: 2', Overwrite: true }))).toMatchObject({ Version: 2 });
    expect((await ssm.send(new GetParameterCommand({ Name: name }))).Parameter).toMatchObject({ Name: name, Value: 'a: 2', Version: 2 });
  });

  it('refuses a Standard value above 4 KB, accepts it as Advanced', async () => {
    const ssm = ssmClient(emulator);
    const value = 'x'.repeat(5000);
    await expect(ssm.send(new PutParameterCommand({ Name: '/big', Value: value, Type: 'String' }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await ssm.send(new PutParameterCommand({ Name: '/big', Value: value, Type: 'String', Tier: 'Advanced' }))).toMatchObject({ Tier: 'Advanced' });
  });

  it('answers ParameterNotFound, rejects MaxResults above 10, and hides SecureStrings unless decrypted', async () => {
    const ssm = ssmClient(emulator);
    await expect(ssm.send(new GetParameterCommand({ Name: '/missing' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(ssm.send(new GetParametersByPathCommand({ Path: '/', MaxResults: 11 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await ssm.send(new PutParameterCommand({ Name: '/secret/token', Value: 'hunter2', Type: 'SecureString' }));
    const hidden = await ssm.send(new GetParametersByPathCommand({ Path: '/secret' }));
    expect(hidden.Parameters?.map((parameter) => parameter.Name)).toEqual(['/secret/token']); // returned, but hidden:
    expect(hidden.Parameters?.[0]?.Value).not.toBe('hunter2');
    const shown = await ssm.send(new GetParametersByPathCommand({ Path: '/secret', WithDecryption: true }));
    expect(shown.Parameters?.[0]?.Value).toBe('hunter2');
  });

  it('lists only direct children unless Recursive', async () => {
    const ssm = ssmClient(emulator);
    await ssm.send(new PutParameterCommand({ Name: '/tree/a', Value: '1', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/tree/sub/b', Value: '2', Type: 'String' }));
    const flat = await ssm.send(new GetParametersByPathCommand({ Path: '/tree' }));
    const deep = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', Recursive: true }));
    expect(flat.Parameters?.map((p) => p.Name)).toEqual(['/tree/a']);
    expect(deep.Parameters?.map((p) => p.Name)).toEqual(['/tree/a', '/tree/sub/b']);
  });
});
