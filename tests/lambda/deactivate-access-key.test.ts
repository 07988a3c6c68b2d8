import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ENV } from '../../lib/config';
import { identities } from '../support/records';
import { globalCall } from '../support/service-records';
import { bodiesOf, busEvent, context, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// The selfProtection function on a key created for another user: an enforce stage deactivates it only when it opted
// in (deactivateAccessKeys); otherwise the alert is alert-only and says why nothing was done.
const { iam, sns } = lambdaHarness({ iam: IAMClient, sns: SNSClient });

const KEY = 'AKIAIOSFODNN7BACKDOR';
const record = globalCall(
  'iam.amazonaws.com',
  'CreateAccessKey',
  { userName: 'svc-backup' },
  { accessKey: { userName: 'svc-backup', accessKeyId: KEY, status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
  { userIdentity: identities.assumedRole('Admin', 'mallory') },
);
const SELF_CONTEXT = context('trailguard-test-selfProtection');

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-key' });
  iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'svc-backup', AccessKeyId: KEY, Status: 'Active' }] });
  iam.on(UpdateAccessKeyCommand).resolves({});
});

describe('a key created for another user', () => {
  test('default stage (not opted in): no IAM call, an alert-only alert that says the revert is off and why', async () => {
    // Act
    const run = await invoke(handlerFor('self-protection'), busEvent(record), SELF_CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(iam).not.toHaveReceivedAnyCommand();
    expect(run.result).toMatchObject({ status: 'alerted', findings: [{ ruleId: 'iam.iam-backdoor-user', action: 'none', status: 'not-applicable' }] });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('none');
    expect(bodiesOf(input.Message).email).toMatch(/Not reverted: +the stage does not deactivate backdoor access keys \(the deactivateAccessKeys param is off\)/);
  });

  test('a stage that opted in: exactly that key is deactivated, and the alert gives the command that turns it back on', async () => {
    // Act
    const run = await invoke(handlerFor('self-protection', { env: stageEnv({ [ENV.deactivateAccessKeys]: 'true' }) }), busEvent(record), SELF_CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(iam.commandCalls(UpdateAccessKeyCommand)[0]!.args[0].input).toStrictEqual({ UserName: 'svc-backup', AccessKeyId: KEY, Status: 'Inactive' });
    expect(run.result).toMatchObject({ status: 'alerted', findings: [{ ruleId: 'iam.iam-backdoor-user', action: 'deactivate-access-key', status: 'applied' }] });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('applied');
    const { email } = bodiesOf(input.Message);
    expect(email).toContain(`deactivated access key ${KEY} of IAM user svc-backup (not deleted`);
    expect(email).toContain(`aws iam update-access-key --user-name svc-backup --access-key-id ${KEY} --status Active`);
  });
});
