import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const credentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' };

describe('AWS emulator', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('111122223333', 'eu-west-1'), seed: 7 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  const sts = () => new STSClient(commonClientConfig({ region: 'eu-west-1', endpoint: emulator.url, credentials, maxAttempts: 4, fixedBackoffMs: 5 }));

  it('answers the real SDK over the Query protocol', async () => {
    const identity = await sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111122223333');
    expect(emulator.calls.get('sts.GetCallerIdentity')).toBe(1);
    expect(emulator.errors.size).toBe(0);
  });

  it('injects server errors that the SDK retries', async () => {
    emulator.setFaults([{ service: 'sts', kind: 'server-error', rate: 1, remaining: 2 }]);
    const identity = await sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111122223333');
    expect(emulator.calls.get('sts.GetCallerIdentity')).toBe(3);
    expect(Object.fromEntries(emulator.errors)).toEqual({ 'sts.GetCallerIdentity InternalFailure': 2 });
  });

  it('fails the call once the faults outlast the attempts', async () => {
    emulator.setFaults([{ service: 'sts', kind: 'throttle', rate: 1 }]);
    await expect(sts().send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(emulator.calls.get('sts.GetCallerIdentity')).toBe(4);
    expect(Object.fromEntries(emulator.errors)).toEqual({ 'sts.GetCallerIdentity ThrottlingException': 4 });
  });
});
