import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import 'aws-sdk-client-mock-jest';
import { ResponseFailedError } from '../../lib/errors';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ec2Error } from '../remediation/support';
import { BASE_DIMENSIONS, TOPIC_ARN, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv, type Invocation } from './support';
import { STATE_TABLE, fakeStateTable } from './state-table';

// Outcome before alert: the revert's outcome is recorded in the state table before the alert is published. When
// SNS refuses the alert, Lambda retries the event; the retry must tell what really happened ("Reverted at …"),
// never "Already compliant… Nothing was changed" (which the revert, tried again, would now report).
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient }, { reset: 'after' });
const table = fakeStateTable();

const record = authorizeSecurityGroup({ groupId: groupIdFor('publish-retry'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
const env = stageEnv({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-securityGroup' });
const REVERTED_AT = new Date('2026-11-02T09:15:07.250Z');
const refused = new AuthorizationErrorException({ message: `not authorized to perform: SNS:Publish on resource: ${TOPIC_ARN}`, $metadata: { httpStatusCode: 403 } });

let first: Invocation;
let retry: Invocation;

beforeAll(async () => {
  // Prepare
  ec2.on(RevokeSecurityGroupIngressCommand).resolvesOnce({ Return: true, $metadata: { requestId: 'req-revoke' } })
    // What a second revoke would say: the rule is gone. It must never be asked.
    .rejects(ec2Error('InvalidSecurityGroupRuleId.NotFound'));
  sns.on(PublishCommand).rejectsOnce(refused).resolves({ MessageId: 'msg-retry' });
  const handler = handlerFor('security-group', { env, now: () => REVERTED_AT });

  // Act: the attempt whose publish fails, then Lambda's retry of the same event a minute later (new container).
  first = await invoke(handler, busEvent(record));
  const later = handlerFor('security-group', { env, now: () => new Date(REVERTED_AT.getTime() + 60_000) });
  retry = await invoke(later, busEvent(record));
});

describe('the revert succeeded, the alert publish failed', () => {
  test('the first attempt fails (so Lambda retries it) with the SNS error only', () => {
    // Assess
    expect(first.error).toBeInstanceOf(ResponseFailedError);
    expect(((first.error as ResponseFailedError).cause as AggregateError).errors).toEqual([refused]);
    expect(first.metrics).toContainEqual({ name: 'AlertsFailed', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  });

  test('the retry does not revoke again: the rule was revoked once', () => {
    // Assess
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(retry.metrics.filter((m) => m.name === 'Remediations')).toEqual([]);
    expect(retry.logs).toContainEqual(expect.objectContaining({ message: 'finding', ruleId: 'ec2.sg-open-ingress', recordedBy: 'an earlier attempt (state table)' }));
  });

  test('the retry\'s alert says what was done, and when: "Reverted at 09:15:07Z", never "already compliant"', () => {
    // Assess
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ status: 'alerted', messageId: 'msg-retry', findings: [{ ruleId: 'ec2.sg-open-ingress', status: 'applied' }, {}] });
    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published).toHaveLength(2);
    const { email, sms } = bodiesOf(published[1]!.Message);
    expect(email).toContain('Reverted at 09:15:07Z on 2026-11-02: trailguard revoked exactly the world-open ingress rules the event added.');
    expect(email).not.toMatch(/already compliant/i);
    expect(email).not.toContain('already fixed');
    expect(sms).toContain('reverted');
    expect(published[1]!.Subject).toContain('(reverted)');
    expect(retry.metrics).toContainEqual({ name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  });

  test('the recorded outcome is a step record of its own, COMPLETED, while the failed alert left none', () => {
    // Assess
    const steps = [...table.items.entries()].filter(([id]) => id.startsWith('trailguard-test-securityGroup.step#'));
    // The remediation and the (second attempt's) alert.
    expect(steps.map(([, item]) => item.status?.S)).toEqual(['COMPLETED', 'COMPLETED']);
    const outcomes = steps.map(([, item]) => unmarshall({ data: item.data! }).data as Record<string, unknown>);
    expect(outcomes).toContainEqual(expect.objectContaining({ outcome: 'applied', at: '2026-11-02T09:15:07.250Z' }));
    expect(outcomes).toContainEqual({ messageId: 'msg-retry', failing: false });
  });
});
