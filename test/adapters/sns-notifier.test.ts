import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import fc from 'fast-check';
import { commonClientConfig } from '../../lambda/adapters/common/clients';
import { NotificationError, SnsNotifier } from '../../lambda/adapters/sns/notifier';
import { fitMessage, sanitizeSubject, SNS_MAX_MESSAGE_BYTES } from '../../lambda/adapters/sns/limits';
import { emptyAccount } from '../../emulator/aws/account';
import { startAwsEmulator, type AwsEmulator } from '../../emulator/aws/server';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'x' };
const REGION = 'eu-west-1';
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

describe('SNS notifier', () => {
  let emulator: AwsEmulator;
  let topicArn: string;
  const sns = (maxAttempts?: number) =>
    new SNSClient(commonClientConfig({ region: REGION, endpoint: emulator.url, credentials, fixedBackoffMs: 2, ...(maxAttempts ? { maxAttempts } : {}) }));

  beforeAll(async () => {
    emulator = await startAwsEmulator({ account: emptyAccount('111122223333', REGION), quotas: {} });
    topicArn = (await sns().send(new CreateTopicCommand({ Name: 'ecr-retention' }))).TopicArn ?? '';
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.account.sns.published.length = 0;
    emulator.resetCounters();
    emulator.setFaults([]);
  });

  it('publishes the subject and body to the topic', async () => {
    await new SnsNotifier({ client: sns(), topicArn }).publish({ subject: 'ecr-retention: 3 images deleted', body: 'mode: delete\n3 deleted\n' });
    expect(emulator.account.sns.published).toEqual([
      expect.objectContaining({ topicArn, subject: 'ecr-retention: 3 images deleted', message: 'mode: delete\n3 deleted\n' }),
    ]);
  });

  it('still publishes a 300 KiB body and a 150-character subject with a line break, shortened to fit', async () => {
    const subject = `ecr-retention: plan\n${'s'.repeat(150)}`;
    const body = Array.from({ length: 300 * 17 }, (_, i) => `line ${String(i).padStart(6, '0')} ${'x'.repeat(50)}`).join('\n');
    expect(bytes(body)).toBeGreaterThan(300 * 1024);
    await new SnsNotifier({ client: sns(), topicArn }).publish({ subject, body });

    const [sent] = emulator.account.sns.published;
    expect(sent?.subject).toMatch(/^ecr-retention: plan s+\.\.\.$/);
    expect([...(sent?.subject ?? '')].length).toBeLessThan(100);
    expect(bytes(sent?.message ?? '')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(bytes(sent?.message ?? '')).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES - 4096);
    expect(sent?.message).toMatch(/\nline \d{6} x{50}\n\n\[truncated: \d+ more bytes of this report did not fit the 262144-byte SNS limit\]\n$/);
    expect(body.startsWith(sent?.message.split('\n\n[truncated')[0] ?? '!')).toBe(true);
  });

  it('is needed: SNS itself rejects the same subject and body unfitted', async () => {
    const client = sns();
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Subject: 'a\nb', Message: 'x' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Subject: 's'.repeat(100), Message: 'x' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new PublishCommand({ TopicArn: topicArn, Message: 'é'.repeat(SNS_MAX_MESSAGE_BYTES / 2 + 1) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(emulator.account.sns.published).toEqual([]);
  });

  it('fits a multi-byte body by bytes, not characters', async () => {
    await new SnsNotifier({ client: sns(), topicArn }).publish({ subject: 'ünïcödé — report', body: '€'.repeat(100_000) });
    const [sent] = emulator.account.sns.published;
    expect(sent?.subject).toBe('ünïcödé — report');
    expect(bytes(sent?.message ?? '')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(sent?.message).not.toContain('\uFFFD');
  });

  it('retries throttling', async () => {
    emulator.setFaults([{ service: 'sns', operation: 'Publish', kind: 'throttle', rate: 1, remaining: 2 }]);
    await new SnsNotifier({ client: sns(), topicArn }).publish({ subject: 'x', body: 'y' });
    expect(emulator.calls.get('sns.Publish')).toBe(3);
    expect(emulator.account.sns.published).toHaveLength(1);
  });

  it('throws a NotificationError naming the topic when publishing fails', async () => {
    const missing = topicArn.replace(/ecr-retention$/, 'missing');
    await expect(new SnsNotifier({ client: sns(), topicArn: missing }).publish({ subject: 'x', body: 'y' }))
      .rejects.toThrow(new NotificationError(missing).message);
    emulator.setFaults([{ service: 'sns', kind: 'server-error', rate: 1 }]);
    await expect(new SnsNotifier({ client: sns(2), topicArn }).publish({ subject: 'x', body: 'y' })).rejects.toBeInstanceOf(NotificationError);
  });
});

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 400 });

describe('SNS limits', () => {
  it('makes any subject one well-formed, non-empty line under 100 characters and bytes', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 300 })), (subject) => {
      const sanitized = sanitizeSubject(subject);
      expect(sanitized.length).toBeGreaterThan(0);
      expect([...sanitized].length).toBeLessThan(100);
      expect(bytes(sanitized)).toBeLessThan(100);
      expect(CONTROL_OR_LINE_BREAK.test(sanitized)).toBe(false);
      expect(() => encodeURIComponent(sanitized)).not.toThrow();
    }));
  });

  it('leaves a clean subject that fits unchanged', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9][ -~]{0,97}[A-Za-z0-9.]$/), (subject) => {
      fc.pre(!/\s{2}/.test(subject));
      expect(sanitizeSubject(subject)).toBe(subject);
    }));
  });

  it('fits any body within the byte limit, unchanged when it already fits, else a prefix plus a note', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 600 })), fc.integer({ min: 150, max: 1200 }), (body, limit) => {
      const fitted = fitMessage(body, limit);
      expect(bytes(fitted)).toBeLessThanOrEqual(limit);
      expect(fitted.length).toBeGreaterThan(0);
      expect(() => encodeURIComponent(fitted)).not.toThrow();
      const clean = fitMessage(body, Number.MAX_SAFE_INTEGER);
      if (bytes(clean) <= limit) expect(fitted).toBe(clean);
      else expect(clean.startsWith(fitted.split('\n\n[truncated: ')[0] ?? '!')).toBe(true);
    }));
  });

  it('never sends an empty body', () => {
    expect(fitMessage('')).toBe('(empty report)');
    expect(sanitizeSubject(' \n\t ')).toBe('ecr-retention report');
  });
});
