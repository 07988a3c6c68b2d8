import type { RecordedRequest } from './moto';
import type { AwsClients, CaptureQueue } from './world';

/** One alert as SNS delivered it to an SQS subscriber (raw delivery off), joined with the Publish call that sent it. */
export interface CapturedAlert {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject: string;
  /** The body an SQS (and email) subscriber received: the message's `default` text. */
  readonly text: string;
  /** Message attributes by name (their string values). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Every per-protocol body of the published JSON message (default, email, sms), from the Publish request itself. */
  readonly bodies: Readonly<Record<string, string>>;
  /** Logical ids of the template's subscriptions whose filter let this alert through. */
  readonly subscriptions: readonly string[];
}

interface SnsEnvelope {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The per-protocol bodies of each Publish call moto received with MessageStructure json. */
export const publishedBodies = (requests: readonly RecordedRequest[]): Record<string, string>[] =>
  requests
    .filter((request) => request.service === 'sns' && request.operation === 'Publish' && request.params?.MessageStructure === 'json')
    .flatMap((request) => {
      try {
        return [JSON.parse(String(request.params!.Message)) as Record<string, string>];
      } catch {
        return [];
      }
    });

/** Reads and removes what the capture queues received; `all` is the unfiltered queue subscribed to each topic. */
export const drainAlerts = async (
  aws: AwsClients,
  all: readonly CaptureQueue[],
  captures: readonly CaptureQueue[],
  requests: readonly RecordedRequest[],
): Promise<CapturedAlert[]> => {
  const bySubscription = new Map<string, Set<string>>();
  for (const capture of captures) {
    const ids = (await aws.sqs.drain(capture.url)).map((message) => (JSON.parse(message.Body) as SnsEnvelope).MessageId);
    bySubscription.set(capture.subscription, new Set(ids));
  }
  const published = publishedBodies(requests);
  const alerts: CapturedAlert[] = [];
  for (const queue of all) {
    for (const message of await aws.sqs.drain(queue.url)) {
      const envelope = JSON.parse(message.Body) as SnsEnvelope;
      if (envelope.Type !== 'Notification') throw new Error(`unexpected SNS delivery ${message.Body}`);
      const bodies = published.find((candidate) => candidate.default === envelope.Message) ?? {};
      alerts.push({
        messageId: envelope.MessageId,
        topicArn: envelope.TopicArn,
        subject: envelope.Subject ?? '',
        text: envelope.Message,
        attributes: Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([name, { Value }]) => [name, Value])),
        bodies,
        subscriptions: [...bySubscription].filter(([, ids]) => ids.has(envelope.MessageId)).map(([name]) => name),
      });
    }
  }
  return alerts;
};
