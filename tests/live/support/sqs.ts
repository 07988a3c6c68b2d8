/*
 * The few SQS calls the live suite needs to read what SNS delivered, spoken directly in SQS's JSON protocol
 * (the project carries no SQS client; moto does not check signatures, so the requests go unsigned).
 */

export interface SqsMessage {
  readonly MessageId: string;
  readonly ReceiptHandle: string;
  readonly Body: string;
  readonly MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
}

export class SqsQueues {
  public constructor(
    private readonly endpoint: string,
    private readonly region: string,
  ) {}

  private async call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': `AmazonSQS.${operation}`,
        // moto reads the region (and the service, for the recorder) from the credential scope.
        Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${this.region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`SQS ${operation} failed (${response.status}): ${text}`);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /** Creates a queue and returns its URL and ARN. */
  public async create(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await this.call<{ QueueUrl: string }>('CreateQueue', { QueueName: name });
    const { Attributes } = await this.call<{ Attributes: { QueueArn: string } }>('GetQueueAttributes', {
      QueueUrl,
      AttributeNames: ['QueueArn'],
    });
    return { url: QueueUrl, arn: Attributes.QueueArn };
  }

  /** Every message waiting in the queue, deleted once read (so the next drain returns only newer ones). */
  public async drain(url: string): Promise<SqsMessage[]> {
    const all: SqsMessage[] = [];
    for (;;) {
      const { Messages = [] } = await this.call<{ Messages?: SqsMessage[] }>('ReceiveMessage', {
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      });
      if (Messages.length === 0) return all;
      all.push(...Messages);
      for (const message of Messages) await this.call('DeleteMessage', { QueueUrl: url, ReceiptHandle: message.ReceiptHandle });
    }
  }
}
