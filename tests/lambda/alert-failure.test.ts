import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ResponseFailedError } from '../../lib/errors';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ec2Error } from '../remediation/support';
import { BASE_DIMENSIONS, TOPIC_ARN, busEvent, handlerFor, invoke, lambdaHarness, type Invocation } from './support';

// An alert SNS refuses must not pass silently: the revert has already been made (and stays made), AlertsFailed
// is counted for the alarm, and the invocation rejects so the event is retried and finally dead-lettered.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient }, { reset: 'after' });

const GROUP = groupIdFor('alert-failure');
const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [{ protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'] }] });
const refused = new AuthorizationErrorException({
  message: `User: arn:aws:sts::123456789012:assumed-role/trailguard-test-securityGroup/x is not authorized to perform: SNS:Publish on resource: ${TOPIC_ARN}`,
  $metadata: { httpStatusCode: 403, requestId: 'req-sns-denied' },
});

let run: Invocation;

beforeAll(async () => {
  // Prepare
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
  sns.on(PublishCommand).rejects(refused);
  const handler = handlerFor('security-group');

  // Act
  run = await invoke(handler, busEvent(record));
});

describe('SNS refuses the alert (AuthorizationError)', () => {
  test('the remediation still happened, exactly once', () => {
    // Assess
    const ruleIds = (record.responseElements as { securityGroupRuleSet: { items: { securityGroupRuleId: string }[] } }).securityGroupRuleSet.items.map(
      (item) => item.securityGroupRuleId,
    );
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, SecurityGroupRuleIds: ruleIds });
    expect(run.metrics).toContainEqual({
      name: 'Remediations',
      namespace: 'Trailguard',
      value: 1,
      dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'applied' },
    });
  });

  test('the publish was attempted once (an authorization error is not retried)', () => {
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC_ARN, MessageStructure: 'json' });
  });

  test('AlertsFailed is counted and AlertsPublished is not', () => {
    // Assess
    expect(run.metrics).toContainEqual({ name: 'AlertsFailed', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
    expect(run.metrics.map((m) => m.name)).not.toContain('AlertsPublished');
  });

  test('an error log says the alert could not be published, with the SNS error', () => {
    // Assess
    const errors = run.logs.filter((line) => line.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: 'alert could not be published',
      eventId: record.eventID,
      error: { name: 'AuthorizationErrorException', message: expect.stringContaining('SNS:Publish') },
    });
  });

  test('the handler rejects with ResponseFailedError whose cause holds the SNS error', () => {
    // Assess
    expect(run.error).toBeInstanceOf(ResponseFailedError);
    const error = run.error as ResponseFailedError;
    expect(error.eventId).toBe(record.eventID);
    expect((error.cause as AggregateError).errors).toEqual([refused]);
  });
});

describe('Lambda retries the same event once SNS accepts again', () => {
  test('the revert is found already made (already-compliant), the alert goes out, the handler resolves', async () => {
    // Prepare
    ec2.reset();
    sns.reset();
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('InvalidSecurityGroupRuleId.NotFound'));
    sns.on(PublishCommand).resolves({ MessageId: 'msg-retry' });
    const handler = handlerFor('security-group');

    // Act
    const retry = await invoke(handler, busEvent(record));

    // Assess
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ status: 'alerted', messageId: 'msg-retry', findings: [{ status: 'already-compliant' }, {}] });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(retry.metrics).toContainEqual({ name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  });
});
