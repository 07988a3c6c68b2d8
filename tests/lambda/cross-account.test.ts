import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import 'aws-sdk-client-mock-jest';
import { ENV } from '../../lib/config';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { identities } from '../support/records';
import { bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';
import { STATE_TABLE, fakeStateTable } from './state-table';

// A central stage's security-group function (topology central): an event of member account 111122223333 in
// eu-west-1 is reverted there through the member role, and the alert names the account and the region; an event of
// the central account itself uses the function's own role; a member without the role gets a failure alert that
// says so; the same CloudTrail event reaching the bus twice (org trail and account trail, two regions) acts once.
const { ec2, sns, sts } = lambdaHarness({ ec2: EC2Client, sns: SNSClient, sts: STSClient });
const table = fakeStateTable();

const MEMBER = '111122223333';
const CENTRAL = '123456789012'; // the alert topic's account (tests/lambda/support TOPIC_ARN)
const env = (extra: Record<string, string> = {}) =>
  stageEnv({
    [ENV.topology]: 'central',
    [ENV.organizationId]: 'o-a1b2c3d4e5',
    [ENV.accountNames]: JSON.stringify({ [MEMBER]: 'payments-prod' }),
    AWS_REGION: 'us-east-1',
    ...extra,
  });
const openSsh = (account: string, eventID: string) => ({
  ...authorizeSecurityGroup({ groupId: groupIdFor(`member-${eventID}`), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }),
  recipientAccountId: account,
  awsRegion: 'eu-west-1',
  eventID,
});
const EXPIRES = new Date(Date.now() + 3600_000);

beforeEach(() => {
  table.items.clear();
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: EXPIRES } });
});

test('a member account\'s event: assumes its role, revokes with those credentials in the event\'s region, alerts naming account and region', async () => {
  // Act
  const run = await invoke(handlerFor('security-group', { env: env() }), busEvent(openSsh(MEMBER, 'e0000000-0000-4000-8000-0000000000a1')));

  // Assess
  expect(run.error).toBeUndefined();
  expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
    RoleArn: `arn:aws:iam::${MEMBER}:role/trailguard-test-member-securityGroup`,
    RoleSessionName: 'trailguard-e0000000-0000-4000-8000-0000000000a1',
  });
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  const revoke = ec2.call(0).thisValue as EC2Client;
  expect(await revoke.config.region()).toBe('eu-west-1');
  expect(await revoke.config.credentials()).toMatchObject({ accessKeyId: 'ASIAMEMBER', sessionToken: 'token' });
  const { email, sms } = bodiesOf(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message);
  expect(email).toMatch(new RegExp(`Account: +${MEMBER} \\(payments-prod\\)`));
  expect(email).toMatch(/Region: +eu-west-1/);
  expect(sms).toContain('acct payments-prod eu-west-1');
  expect(sms.length).toBeLessThanOrEqual(160);
  expect(run.result).toMatchObject({ status: 'alerted', findings: expect.arrayContaining([expect.objectContaining({ action: 'revoke-ingress', status: 'applied' })]) });
});

test('the central account\'s own event: no AssumeRole, the function\'s own credentials', async () => {
  const run = await invoke(handlerFor('security-group', { env: env() }), busEvent(openSsh(CENTRAL, 'e0000000-0000-4000-8000-0000000000a2')));
  expect(run.error).toBeUndefined();
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  // The function's own chain (environment, none in this test process) rather than the member provider.
  const credentials = await (ec2.call(0).thisValue as EC2Client).config.credentials().catch((error: Error) => ({ ownChain: error.name }));
  expect(credentials).not.toMatchObject({ accessKeyId: 'ASIAMEMBER' });
});

test('a member without the role: nothing reverted, the alert says "cannot remediate in 111122223333: role missing", the event fails for a retry', async () => {
  // Prepare
  sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));

  // Act
  const run = await invoke(handlerFor('security-group', { env: env() }), busEvent(openSsh(MEMBER, 'e0000000-0000-4000-8000-0000000000a3')));

  // Assess
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
  expect((run.error as Error | undefined)?.message).toMatch(/cannot remediate in 111122223333: role missing/);
  const { email, sms } = bodiesOf(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message);
  expect(email).toContain('cannot remediate in 111122223333: role missing');
  expect(sms).toMatch(/REVERT FAILED/);
});

test('loop guard: a change made by the member role\'s session in its own account fires nothing', async () => {
  // Prepare: the member role (as the member template names it) opening a port, as a revert's neighbour would.
  const role = `arn:aws:iam::${MEMBER}:role/trailguard-test-member-securityGroup`;
  const record = { ...openSsh(MEMBER, 'e0000000-0000-4000-8000-0000000000a5'), userIdentity: identities.roleSession(role, 'trailguard-e0000000-0000-4000-8000-0000000000a1', 'AROAMEMBERSG00000001') };

  // Act
  const run = await invoke(handlerFor('security-group', { env: env() }), busEvent(record));

  // Assess
  expect(run.result).toMatchObject({ status: 'own-event' });
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 0);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
});

test('one CloudTrail event reaching the central bus twice (two regions\' envelopes, org and account trail): handled once', async () => {
  // Prepare: the same record, wrapped by EventBridge in us-east-1 and in the sign-in region, each with its own id.
  const record = openSsh(MEMBER, 'e0000000-0000-4000-8000-0000000000a4');
  const first = { ...busEvent(record, 'eb-org-trail'), region: 'us-east-1' };
  const second = { ...toEnvelope(record), id: 'eb-account-trail', region: 'eu-west-1', account: MEMBER };
  const handler = handlerFor('security-group', { env: env({ STATE_TABLE, AWS_LAMBDA_FUNCTION_NAME: 'trailguard-test-securityGroup' }) });

  // Act
  await invoke(handler, first);
  const again = await invoke(handler, second);

  // Assess
  expect(again.error).toBeUndefined();
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  expect(again.metrics.map((m) => m.name)).toContain('DuplicateDeliveries');
});

test('a central stage in another partition assumes the member role of that partition (the alert topic ARN names it)', async () => {
  // Prepare
  const govTopic = `arn:aws-us-gov:sns:us-gov-west-1:${CENTRAL}:trailguard-test-alerts`;

  // Act
  const run = await invoke(
    handlerFor('security-group', { env: env({ [ENV.alertTopicArn]: govTopic, AWS_REGION: 'us-gov-west-1' }) }),
    busEvent({ ...openSsh(MEMBER, 'e0000000-0000-4000-8000-0000000000a9'), awsRegion: 'us-gov-west-1' }),
  );

  // Assess
  expect(run.error).toBeUndefined();
  expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws-us-gov:iam::${MEMBER}:role/trailguard-test-member-securityGroup` });
});
