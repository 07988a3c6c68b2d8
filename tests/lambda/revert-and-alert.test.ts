import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { TOPIC_ARN, busEvent, captureStdout, context, handlerFor, lambdaHarness, metricsIn } from './support';

// The security-group function end to end through middy, in an enforce stage: a world-open SSH rule is revoked
// by its rule id in one call, one alert goes out for the event, and logs and metrics say what happened.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient }, { reset: 'after' });

describe('security-group function, enforce stage', () => {
  const record = authorizeSecurityGroup({ groupId: groupIdFor('web'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
  const event = busEvent(record);
  let result: unknown;
  let output: ReturnType<typeof captureStdout>;

  beforeAll(async () => {
    // Prepare
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke-1' } });
    sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const handler = handlerFor('security-group');
    output = captureStdout();

    // Act
    try {
      result = await handler(event, context());
    } finally {
      output.restore();
    }
  });

  test('revokes exactly the rule the event added, in one call, in the event\'s region', async () => {
    const rules = (record.responseElements as { securityGroupRuleSet: { items: { securityGroupRuleId: string; groupId: string }[] } }).securityGroupRuleSet.items;
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: rules[0]!.groupId,
      SecurityGroupRuleIds: rules.map((r) => r.securityGroupRuleId),
    });
    expect(await ec2.call(0).thisValue.config.region()).toBe(record.awsRegion);
  });

  test('publishes one alert for the event: three bodies, a subject and filterable attributes', () => {
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC_ARN, MessageStructure: 'json' });
    const bodies = JSON.parse(input.Message!) as { default: string; email: string; sms: string };
    expect(bodies.email).toContain('Reverted');
    expect(bodies.email).toContain(record.eventID);
    expect(bodies.default).toBe(bodies.email);
    expect(bodies.sms.length).toBeLessThanOrEqual(160);
    expect(bodies.sms).toMatch(/^CRITICAL sg-open-ingress/);
    expect(input.Subject!.length).toBeLessThan(100);
    expect(input.Subject).toMatch(/^\[trailguard test\] CRITICAL sg-open-ingress/);
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      category: { DataType: 'String.Array', StringValue: '["sg-open-ingress","sg-change"]' },
      ruleId: { DataType: 'String.Array', StringValue: '["ec2.sg-open-ingress","ec2.sg-change"]' },
      account: { DataType: 'String', StringValue: '123456789012' },
      outcome: { DataType: 'String', StringValue: 'applied' },
    });
  });

  test('returns what it did', () => {
    expect(result).toEqual({
      status: 'alerted',
      eventId: record.eventID,
      messageId: 'msg-1',
      findings: [
        { ruleId: 'ec2.sg-open-ingress', category: 'sg-open-ingress', severity: 'CRITICAL', action: 'revoke-ingress', status: 'applied' },
        { ruleId: 'ec2.sg-change', category: 'sg-change', severity: 'LOW', action: 'none', status: 'not-applicable' },
      ],
    });
  });

  test('emits Findings, Remediations and AlertsPublished in the Trailguard namespace', () => {
    const metrics = metricsIn(output.emf());
    const base = { service: 'trailguard', stage: 'test' };
    expect(metrics).toEqual(expect.arrayContaining([
      { name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...base, category: 'sg-open-ingress', severity: 'CRITICAL' } },
      { name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...base, category: 'sg-change', severity: 'LOW' } },
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...base, action: 'revoke-ingress', outcome: 'applied' } },
      { name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: base },
    ]));
    expect(metrics.filter((m) => m.name === 'Remediations')).toHaveLength(1);
  });

  test('every log line carries the EventBridge event id as correlation id and the CloudTrail eventID', () => {
    const logs = output.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).toMatchObject({ correlation_id: event.id, eventId: record.eventID, service: 'trailguard', stage: 'test', mode: 'enforce' });
      expect(line.function_request_id).toBe(context().awsRequestId);
    }
    const findingLines = logs.filter((l) => l.message === 'finding');
    expect(findingLines.map((l) => l.ruleId)).toEqual(['ec2.sg-open-ingress', 'ec2.sg-change']);
  });
});
