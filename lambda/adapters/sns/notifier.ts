/**
 * Sends the run report to an SNS topic (email subscribers read it as plain text). The subject and body are fitted
 * to SNS's limits here, so a long or odd report is delivered shortened rather than lost.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../../ports';
import { fitMessage, sanitizeSubject, SNS_MAX_MESSAGE_BYTES } from './limits';

export interface SnsNotifierOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
  /** The topic's message size limit. Default 262,144 bytes, the limit of any topic with email subscriptions. */
  readonly maxMessageBytes?: number;
}

/** The report could not be published after the SDK's retries. */
export class NotificationError extends Error {
  override readonly name = 'NotificationError';
  constructor(readonly topicArn: string, options?: { cause?: unknown }) {
    const cause = options?.cause instanceof Error ? ` (${options.cause.name}: ${options.cause.message})` : '';
    super(`could not publish the report to ${topicArn}${cause}`, options);
  }
}

export class SnsNotifier implements Notifier {
  constructor(private readonly options: SnsNotifierOptions) {}

  async publish(message: { readonly subject: string; readonly body: string }): Promise<void> {
    const command = new PublishCommand({
      TopicArn: this.options.topicArn,
      Subject: sanitizeSubject(message.subject),
      Message: fitMessage(message.body, this.options.maxMessageBytes ?? SNS_MAX_MESSAGE_BYTES),
    });
    try {
      await this.options.client.send(command);
    } catch (error) {
      throw new NotificationError(this.options.topicArn, { cause: error });
    }
  }
}
