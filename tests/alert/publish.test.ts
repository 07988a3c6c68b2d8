import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { publishAlert, retryingSend } from '../../lib/alert/publish';
import { renderAlert } from '../../lib/alert/render';
import { sgOpenAlert } from './fixtures';

const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:trailguard-prod-alerts';
const noWait = { sleep: async () => undefined };

const throttled = (): SNSServiceException =>
  new SNSServiceException({ name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });

beforeEach(() => {
  snsMock.reset();
});

describe('publishAlert', () => {
  test('sends exactly one Publish with the subject, JSON message and filter attributes, and returns the MessageId', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'b7a5f3c1-0000-4000-8000-000000000001' });
    const alert = renderAlert(sgOpenAlert('applied'));

    // Act
    const messageId = await publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, alert);

    // Assess
    expect(messageId).toBe('b7a5f3c1-0000-4000-8000-000000000001');
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock.commandCalls(PublishCommand)[0]!.args[0].input).toStrictEqual({
      TopicArn: TOPIC,
      Subject: '[trailguard prod] CRITICAL sg-open-ingress: sg-29506e1bccd94d39a by alice (reverted)',
      Message: alert.message,
      MessageStructure: 'json',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'CRITICAL' },
        category: { DataType: 'String.Array', StringValue: '["sg-open-ingress"]' },
        ruleId: { DataType: 'String.Array', StringValue: '["ec2.sg-open-ingress"]' },
        account: { DataType: 'String', StringValue: '123456789012' },
        outcome: { DataType: 'String', StringValue: 'applied' },
      },
    });
    const message = JSON.parse(alert.message) as Record<string, string>;
    expect(Object.keys(message)).toEqual(['default', 'email', 'sms']);
  });

  test('retries a throttled publish through the shared retry helper', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm-2' });
    const sns = new SNSClient({ region: 'us-east-1' });

    // Act
    const messageId = await publishAlert(sns, TOPIC, renderAlert(sgOpenAlert('applied')), retryingSend(sns, noWait));

    // Assess
    expect(messageId).toBe('m-2');
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  test('a publish SNS refuses fails the call, so the event is retried', async () => {
    // Prepare
    const refused = new SNSServiceException({ name: 'InvalidParameter', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Invalid parameter: Subject' });
    snsMock.on(PublishCommand).rejects(refused);
    const sns = new SNSClient({ region: 'us-east-1' });

    // Act
    const publishing = publishAlert(sns, TOPIC, renderAlert(sgOpenAlert('applied')), retryingSend(sns, noWait));

    // Assess
    await expect(publishing).rejects.toThrow('Invalid parameter: Subject');
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  test('an answer without a MessageId is an error, not a silent success', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});

    // Act
    const publishing = publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, renderAlert(sgOpenAlert('applied')));

    // Assess
    await expect(publishing).rejects.toThrow('returned no MessageId');
  });

  test('an injected send replaces the client call', async () => {
    // Prepare
    const sent: PublishCommand[] = [];
    const send = async (command: PublishCommand) => {
      sent.push(command);
      return { MessageId: 'injected', $metadata: {} };
    };

    // Act
    const messageId = await publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, renderAlert(sgOpenAlert('dry-run')), send);

    // Assess
    expect(messageId).toBe('injected');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.input.MessageStructure).toBe('json');
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
