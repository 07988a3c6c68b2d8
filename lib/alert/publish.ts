import { PublishCommand, type PublishCommandInput, type PublishCommandOutput, type SNSClient } from '@aws-sdk/client-sns';
import { withRetry, type RetryOptions } from '../aws/retry';
import type { RenderedAlert } from './types';

/** Sends one PublishCommand; injectable so callers and tests choose the retry policy. */
export type PublishSend = (command: PublishCommand) => Promise<PublishCommandOutput>;

/**
 * `sns.send` under the shared bounded retry (throttling and transient errors, lib/aws/retry.ts). A publish
 * retried after a timeout may deliver twice: a duplicate alert is better than a lost one.
 */
export const retryingSend =
  (sns: SNSClient, options: RetryOptions = {}): PublishSend =>
  async (command) =>
    (await withRetry(() => sns.send(command), options)).result;

/** The exact Publish input for an alert: one JSON message with a body per protocol, filterable attributes. */
export const publishInput = (topicArn: string, alert: RenderedAlert): PublishCommandInput => ({
  TopicArn: topicArn,
  Subject: alert.subject,
  Message: alert.message,
  MessageStructure: 'json',
  MessageAttributes: Object.fromEntries(
    Object.entries(alert.attributes).map(([name, { DataType, StringValue }]) => [name, { DataType, StringValue }]),
  ),
});

/**
 * Publishes the alert and returns SNS's MessageId. Throws (after the retries) when SNS refuses it, or answers
 * without a MessageId: an alert whose delivery cannot be confirmed must fail the event (retry, then the
 * dead-letter queue) rather than pass silently.
 */
export const publishAlert = async (
  sns: SNSClient,
  topicArn: string,
  alert: RenderedAlert,
  send: PublishSend = retryingSend(sns),
): Promise<string> => {
  const output = await send(new PublishCommand(publishInput(topicArn, alert)));
  if (!output.MessageId) throw new Error(`SNS Publish to ${topicArn} returned no MessageId`);
  return output.MessageId;
};
