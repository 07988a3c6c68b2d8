import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ResponseFailedError } from '../../lib/errors';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ec2Error } from '../remediation/support';
import { bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv, type Invocation } from './support';
import { STATE_TABLE, fakeStateTable } from './state-table';

// One page per failure, not per attempt. Lambda runs a failing async event 1 + MaximumRetryAttempts times (3,
// TRAILGUARD_MAX_ATTEMPTS); the invocation learns which attempt it is from the failure count kept in the state table
// under the eventID. The first failure alerts ("revert failed, retrying"), the last one alerts again ("gave up",
// on its way to the dead-letter queue), the ones in between do not. A retry that succeeds after the failure
// alert says so, once.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });
const table = fakeStateTable();

const env = stageEnv({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-securityGroup', TRAILGUARD_MAX_ATTEMPTS: '3' });
const attempt = (record: Parameters<typeof busEvent>[0]) => invoke(handlerFor('security-group', { env }), busEvent(record));
const published = () => sns.commandCalls(PublishCommand).map((call) => ({ subject: call.args[0].input.Subject!, ...bodiesOf(call.args[0].input.Message) }));

beforeEach(() => {
  table.items.clear();
  sns.on(PublishCommand).resolves({ MessageId: 'msg-page' });
});

describe('a revert that fails on every attempt', () => {
  const record = authorizeSecurityGroup({ groupId: groupIdFor('always-fails'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
  let runs: Invocation[];

  beforeEach(async () => {
    // Prepare
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act: Lambda's three attempts.
    runs = [];
    for (let n = 0; n < 3; n += 1) runs.push(await attempt(record));
  });

  test('every attempt tries the revert again and fails the invocation (so Lambda retries, then dead-letters)', () => {
    // Assess
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 3);
    for (const run of runs) expect(run.error).toBeInstanceOf(ResponseFailedError);
    expect(table.items.get(`failures#trailguard-test-securityGroup#${record.eventID}`)?.failures).toEqual({ N: '3' });
  });

  test('two pages: the first failure ("retrying") and the last attempt ("gave up"); none for attempt 2', () => {
    // Assess
    const pages = published();
    expect(pages).toHaveLength(2);
    expect(pages[0]!.sms).toContain('REVERT FAILED, retrying');
    expect(pages[0]!.subject).toContain('REVERT FAILED, retrying');
    expect(pages[0]!.email).toContain('Attempt 1 of 3 failed. Trailguard retries the event; it alerts again only if it gives up');
    expect(pages[1]!.sms).toContain('REVERT FAILED, gave up');
    expect(pages[1]!.email).toContain('fix it by hand now. Attempt 3 of 3 failed. Trailguard has given up on this event: it goes to the dead-letter queue.');
    expect(runs[1]!.metrics.map((m) => m.name)).not.toContain('AlertsPublished');
    expect(runs[1]!.logs).toContainEqual(
      expect.objectContaining({ message: 'alert already sent for this event by an earlier attempt: not sent again', failedAttempts: 2, maxAttempts: 3 }),
    );
  });

  test('every attempt still counts its failed remediation (the alarm sees each)', () => {
    // Assess
    for (const run of runs) {
      expect(run.metrics).toContainEqual(expect.objectContaining({ name: 'Remediations', dimensions: expect.objectContaining({ outcome: 'failed' }) }));
    }
  });
});

describe('a revert that fails once, then succeeds on the retry', () => {
  test('two alerts: the failure, then "reverted on retry"; the retry resolves', async () => {
    // Prepare
    const record = authorizeSecurityGroup({ groupId: groupIdFor('recovers'), permissions: [{ protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'] }] });
    ec2.on(RevokeSecurityGroupIngressCommand).rejectsOnce(ec2Error('UnauthorizedOperation', 403)).resolves({ Return: true });

    // Act
    const failed = await attempt(record);
    const recovered = await attempt(record);
    const duplicateLater = await attempt(record);

    // Assess
    expect(failed.error).toBeInstanceOf(ResponseFailedError);
    expect(recovered.error).toBeUndefined();
    expect(recovered.result).toMatchObject({ status: 'alerted', findings: [{ status: 'applied' }, {}] });
    expect(duplicateLater.error).toBeUndefined();
    const pages = published();
    expect(pages).toHaveLength(2);
    expect(pages[0]!.sms).toContain('REVERT FAILED, retrying');
    expect(pages[1]!.sms).toContain('reverted on retry');
    expect(pages[1]!.email).toContain('This revert succeeded on a retry, after the failure alerted earlier for this event.');
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
  });
});

describe('without a state table (sls invoke local)', () => {
  test('failures cannot be counted: every failed attempt alerts, in words that promise nothing about the next', async () => {
    // Prepare
    const record = authorizeSecurityGroup({ groupId: groupIdFor('no-table'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] });
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('UnauthorizedOperation', 403));
    const noTable = () => handlerFor('security-group');
    const stateCallsBefore = table.dynamodb.calls().length;

    // Act
    await invoke(noTable(), busEvent(record));
    await invoke(noTable(), busEvent(record));

    // Assess
    const pages = published();
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page.email).toContain('The event will be retried; if it keeps failing it goes to the dead-letter queue.');
    expect(table.dynamodb.calls()).toHaveLength(stateCallsBefore);
  });
});
