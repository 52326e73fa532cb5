/**
 * SNS (Query protocol, signing name `sns`): CreateTopic and Publish, validating like SNS does, so a notifier that
 * does not defend the limits fails here as it would in AWS. Tests read what was sent from `account.sns.published`.
 */
import { randomUUID } from 'node:crypto';
import type { AccountModel } from '../account';
import { AwsEmulatorError, type OperationContext, type ServiceDefinition } from '../service';

/** Publish's default limit: body plus message attributes, in bytes (topics that email stay at 256 KiB). */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** "Subjects must be UTF-8 text with no line breaks or control characters, and must be less than 100 characters long." */
export const SNS_MAX_SUBJECT_CHARS = 99;

const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Query-protocol input: flat form fields, message attributes as `MessageAttributes.entry.N.*`. */
type PublishForm = Record<string, string | undefined>;

function invalid(what: string): AwsEmulatorError {
  return new AwsEmulatorError('InvalidParameter', `Invalid parameter: ${what}`);
}

function validateSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (subject.length === 0) throw invalid('Subject: Empty subject');
  if ([...subject].length > SNS_MAX_SUBJECT_CHARS) throw invalid('Subject: Subject must be less than 100 characters long');
  if (CONTROL_OR_LINE_BREAK.test(subject)) throw invalid('Subject: Subject must not contain line breaks or control characters');
}

/** Body bytes plus every attribute's name, data type and value, as SNS counts them against the limit. */
function messageBytes(form: PublishForm): number {
  const attributeBytes = Object.entries(form)
    .filter(([key]) => key.startsWith('MessageAttributes.entry.'))
    .reduce((sum, [, value]) => sum + Buffer.byteLength(value ?? '', 'utf8'), 0);
  return Buffer.byteLength(form.Message ?? '', 'utf8') + attributeBytes;
}

function requireTopic(account: AccountModel, topicArn: string | undefined): string {
  if (!topicArn) throw invalid('TopicArn or TargetArn Reason: no value for required parameter');
  if (!account.sns.topics.includes(topicArn)) throw new AwsEmulatorError('NotFound', 'Topic does not exist', 404);
  return topicArn;
}

function publish(form: PublishForm, ctx: OperationContext) {
  const topicArn = requireTopic(ctx.account, form.TopicArn ?? form.TargetArn);
  validateSubject(form.Subject);
  if (!form.Message) throw invalid('Message: Empty message');
  if (messageBytes(form) > SNS_MAX_MESSAGE_BYTES) throw invalid('Message too long');
  ctx.account.sns.published.push({
    topicArn,
    ...(form.Subject !== undefined ? { subject: form.Subject } : {}),
    message: form.Message,
    at: Date.now(),
  });
  return { MessageId: randomUUID() };
}

/** Idempotent, as in SNS: creating an existing topic returns its ARN. */
function createTopic(form: PublishForm, ctx: OperationContext) {
  const name = form.Name ?? '';
  if (!/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(name)) throw invalid('Topic Name');
  const arn = `arn:aws:sns:${ctx.account.region}:${ctx.account.accountId}:${name}`;
  if (!ctx.account.sns.topics.includes(arn)) ctx.account.sns.topics.push(arn);
  return { TopicArn: arn };
}

export const sns: ServiceDefinition = {
  signingName: 'sns',
  protocol: 'query',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  operations: { Publish: publish, CreateTopic: createTopic },
  throttleError: { code: 'Throttled', status: 429 },
};
