import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ResponseFailedError, RemediationError } from '../../lib/errors';
import { createHandler } from '../../lib/lambda/create-handler';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ec2Error } from '../remediation/support';
import { BASE_DIMENSIONS, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, type Invocation } from './support';

// "Every other failure is alerted, counted, and leaves the event for retry or the dead-letter queue. Nothing is
// dropped silently." A revert EC2 refuses still produces the alert (saying it failed), the failed outcome metric,
// and then a rejection so Lambda retries the event and finally dead-letters it.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });

const GROUP = groupIdFor('remediation-failure');
const worldOpenSsh = () => authorizeSecurityGroup({ groupId: GROUP, permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-failure' });
});

describe('EC2 refuses the revert (UnauthorizedOperation)', () => {
  const record = worldOpenSsh();
  const event = busEvent(record);
  let run: Invocation;

  beforeEach(async () => {
    // Prepare
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('UnauthorizedOperation', 403));
    const handler = handlerFor('security-group');

    // Act
    run = await invoke(handler, event);
  });

  test('the handler rejects afterwards with ResponseFailedError naming the event and the remediation failure', () => {
    // Assess
    expect(run.error).toBeInstanceOf(ResponseFailedError);
    const error = run.error as ResponseFailedError;
    expect(error.eventId).toBe(record.eventID);
    expect(error.message).toContain('remediation revoke-ingress failed: UnauthorizedOperation');
    const failures = (error.cause as AggregateError).errors;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(RemediationError);
  });

  test('tried exactly once (not retryable), with exactly the rule the event added', () => {
    // Assess
    const ruleIds = (record.responseElements as { securityGroupRuleSet: { items: { securityGroupRuleId: string }[] } }).securityGroupRuleSet.items.map(
      (item) => item.securityGroupRuleId,
    );
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input).toStrictEqual({ GroupId: GROUP, SecurityGroupRuleIds: ruleIds });
  });

  test('the alert is still published, before the rejection, and explains the failure', () => {
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email, sms } = bodiesOf(input.Message);
    expect(email).toMatch(/^CRITICAL: .* Trailguard FAILED to revert it: act now\./);
    expect(email).toContain('REVERT FAILED: trailguard tried to revoke exactly the world-open ingress rules the event added, and it failed');
    expect(email).toContain(
      'the responder role may not call ec2:RevokeSecurityGroupIngress on this group (IAM policy, SCP or permissions boundary); the rule is still open',
    );
    expect(email).toContain('The event will be retried; if it keeps failing it goes to the dead-letter queue.');
    expect(sms).toContain('REVERT FAILED');
    expect(input.Subject).toContain('(REVERT FAILED)');
    expect(input.MessageAttributes?.outcome).toEqual({ DataType: 'String', StringValue: 'failed' });
  });

  test('Remediations outcome failed and AlertsPublished are emitted even though the invocation fails', () => {
    // Assess
    expect(run.metrics).toEqual(
      expect.arrayContaining([
        { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'failed' } },
        { name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS },
      ]),
    );
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toHaveLength(1);
  });

  test('the finding log line records the AWS error code and the hint', () => {
    // Assess
    expect(run.logs.find((l) => l.message === 'finding' && l.ruleId === 'ec2.sg-open-ingress')).toMatchObject({
      remediation: {
        action: 'revoke-ingress',
        status: 'failed',
        detail: { errorCode: 'UnauthorizedOperation', httpStatusCode: 403, attempts: 1, hint: expect.stringContaining('the rule is still open') },
      },
    });
  });
});

describe('EC2 throttles, then accepts', () => {
  // The applier's retry options cannot be injected through createHandler, so the real backoff runs: pinning the
  // jitter to 0 makes each wait a setTimeout(0) instead of up to 100 ms.
  let random: jest.SpyInstance;
  beforeEach(() => {
    random = jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => random.mockRestore());

  test.each([
    ['RequestLimitExceeded (EC2\'s throttling code)', 'RequestLimitExceeded', 503],
    ['a ThrottlingException', 'ThrottlingException', 400],
  ])('%s once: retried, outcome applied, the handler resolves', async (_name, code, status) => {
    // Prepare
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(ec2Error(code, status))
      .resolves({ Return: true, $metadata: { requestId: 'req-after-throttle' } });
    const handler = handlerFor('security-group');

    // Act
    const run = await invoke(handler, busEvent(worldOpenSsh()));

    // Assess
    expect(run.error).toBeUndefined();
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
    const [first, second] = ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input);
    expect(second).toStrictEqual(first);
    expect(run.result).toMatchObject({ status: 'alerted', findings: [{ ruleId: 'ec2.sg-open-ingress', status: 'applied' }, {}] });
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'applied' } },
    ]);
    expect(run.logs.find((l) => l.message === 'finding' && l.ruleId === 'ec2.sg-open-ingress')).toMatchObject({
      remediation: { status: 'applied', detail: { attempts: 2, requestId: 'req-after-throttle' } },
    });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes?.outcome?.StringValue).toBe('applied');
  });
});
