import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import 'aws-sdk-client-mock-jest';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { BASE_DIMENSIONS, busEvent, context, handlerFor, invoke, lambdaHarness, stageEnv } from './support';
import { STATE_TABLE, fakeStateTable } from './state-table';

// EventBridge delivers at least once, and once per matching rule that targets the function: an
// AuthorizeSecurityGroupIngress opening tcp/22 reaches the security-group function through ec2.sg-open-ingress
// and ec2.sg-change, each delivery with its own EventBridge id and the same CloudTrail eventID. Whatever the
// deliveries, one revoke and one alert.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });
const table = fakeStateTable();

const record = authorizeSecurityGroup({ groupId: groupIdFor('duplicate'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
const throughOpenIngressRule = busEvent(record, 'eb-00000000-0000-4000-8000-00000000000a');
const throughChangeRule = busEvent(record, 'eb-00000000-0000-4000-8000-00000000000b');
const env = stageEnv({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-securityGroup' });

beforeEach(() => {
  table.items.clear();
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('the same event delivered twice, one after the other (two rules, or a redelivery)', () => {
  test('one revoke and one alert; the second delivery returns the first one\'s result and counts a duplicate', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env });

    // Act
    const first = await invoke(handler, throughOpenIngressRule);
    const second = await invoke(handler, throughChangeRule);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(first.result).toMatchObject({ status: 'alerted', messageId: 'msg-1' });
    expect(second.error).toBeUndefined();
    expect(second.result).toEqual(first.result);
    expect(second.metrics).toContainEqual({ name: 'DuplicateDeliveries', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
    expect(second.metrics.map((m) => m.name)).not.toContain('AlertsPublished');
    expect(second.metrics.map((m) => m.name)).not.toContain('Remediations');
    expect(second.logs).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'duplicate delivery of an event already handled: nothing done again', eventId: record.eventID }),
    );
  });

  test('the event record is Powertools\' <functionName>#<hash> id, COMPLETED, expiring in a day', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env });
    const before = Math.floor(Date.now() / 1000);

    // Act
    await invoke(handler, throughOpenIngressRule);

    // Assess
    const events = [...table.items.entries()].filter(([id]) => /^trailguard-test-securityGroup#[A-Za-z0-9+/=]+$/.test(id));
    expect(events).toHaveLength(1);
    const [, item] = events[0]!;
    expect(item.status).toEqual({ S: 'COMPLETED' });
    expect(Number(item.expiration!.N)).toBeGreaterThanOrEqual(before + 86_400);
    expect(Number(item.expiration!.N)).toBeLessThanOrEqual(before + 86_400 + 60);
    // Every item, steps included, expires (TTL on `expiration`).
    for (const [id, stored] of table.items) expect({ id, expiration: stored.expiration?.N }).toEqual({ id, expiration: expect.stringMatching(/^\d+$/) });
  });

  test('a Lambda retry after a success (same EventBridge id) does nothing again', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env });
    await invoke(handler, throughOpenIngressRule);

    // Act
    const retry = await invoke(handler, throughOpenIngressRule);

    // Assess
    expect(retry.error).toBeUndefined();
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  test('another container (a cold start of its own) also finds the event handled', async () => {
    // Prepare
    await invoke(handlerFor('security-group', { env }), throughOpenIngressRule);

    // Act
    const elsewhere = await invoke(handlerFor('security-group', { env }), throughChangeRule);

    // Assess
    expect(elsewhere.result).toMatchObject({ status: 'alerted', messageId: 'msg-1' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });
});

describe('the same event delivered twice at the same time (two containers)', () => {
  test('the second finds the first in progress: it does nothing, succeeds, and does not page', async () => {
    // Prepare: the revoke takes a while, so the second delivery arrives while the first holds the record.
    let releaseRevoke: () => void = () => undefined;
    const revokeHeld = new Promise<void>((resolve) => {
      releaseRevoke = resolve;
    });
    ec2.on(RevokeSecurityGroupIngressCommand).callsFake(async () => {
      await revokeHeld;
      return { Return: true, $metadata: { requestId: 'req-revoke' } };
    });
    const one = handlerFor('security-group', { env });
    const other = handlerFor('security-group', { env });

    // Act
    const first = invoke(one, throughOpenIngressRule);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await invoke(other, throughChangeRule, context());
    releaseRevoke();
    const firstDone = await first;

    // Assess
    expect(second.error).toBeUndefined();
    expect(second.result).toEqual({ status: 'in-progress-elsewhere', eventId: record.eventID });
    expect(second.logs).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'duplicate delivery while another is being handled: nothing done (that one alerts)' }),
    );
    expect(second.metrics).toContainEqual({ name: 'DuplicateDeliveries', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
    expect(firstDone.result).toMatchObject({ status: 'alerted' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    // The in-progress refusal is DynamoDB's conditional check, not a local lock.
    expect(table.dynamodb.commandCalls(PutItemCommand).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a successful event', () => {
  test('counts no failure (one conditional put per record, no failure-count update)', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env });

    // Act
    await invoke(handler, throughOpenIngressRule);

    // Assess
    const counts = table.dynamodb.commandCalls(UpdateItemCommand).filter((call) => call.args[0].input.Key?.id?.S?.startsWith('failures#'));
    expect(counts).toHaveLength(0);
    expect([...table.items.keys()].filter((id) => id.startsWith('failures#'))).toEqual([]);
  });
});
