import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { createHandler } from '../../lib/lambda/create-handler';
import { WIRING } from '../../lib/lambda/wiring';
import { RULES } from '../../rules';
import { authorizeSecurityGroup, groupIdFor, revokeSecurityGroup } from '../../rules/support/ec2-records';
import { identities } from '../../rules/support/records';
import { busEvent, enableLogs, invoke, stageEnv } from './support';

// "The responder never acts on events caused by its own principals (no loops)": its own revert, and even a
// world-open rule its role added, reach the function (EventBridge cannot tell who is who) and must stop at the
// loop guard: no EC2 call, no alert, a log line that says why.
const ec2 = mockClient(EC2Client);
const cloudtrail = mockClient(CloudTrailClient);
const sns = mockClient(SNSClient);

const GROUP = groupIdFor('loop-guard');
const SSH_WORLD = [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] as const;
const LOOP_GUARD_LOG = 'event caused by the responder itself: ignored (loop guard)';

let restoreLogs: () => void;
beforeAll(() => {
  restoreLogs = enableLogs();
});
afterAll(() => restoreLogs());
beforeEach(() => {
  ec2.reset();
  cloudtrail.reset();
  sns.reset();
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-loop' });
});

describe('loop guard with the default own principals (arn:aws:iam::*:role/trailguard-*)', () => {
  const responder = identities.responder('test', 'securityGroup');
  const cases: [string, CloudTrailRecord][] = [
    ['its own RevokeSecurityGroupIngress (the revert it just made)', revokeSecurityGroup(GROUP, [...SSH_WORLD], false, { userIdentity: responder })],
    ['its own AuthorizeSecurityGroupIngress to 0.0.0.0/0:22', authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity: responder } })],
  ];

  test.each(cases)('%s: no EC2 call, no publish, status own-event, logged as loop guard', async (_name, record) => {
    // Prepare
    const handler = createHandler(WIRING['security-group'], RULES, { env: stageEnv() });
    const event = busEvent(record);

    // Act
    const run = await invoke(handler, event);

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ status: 'own-event', eventId: record.eventID });
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(cloudtrail).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
    const guard = run.logs.filter((line) => line.message === LOOP_GUARD_LOG);
    expect(guard).toHaveLength(1);
    expect(guard[0]).toMatchObject({ level: 'INFO', eventId: record.eventID, eventName: record.eventName, correlation_id: event.id });
    expect(run.logs.filter((line) => line.message === 'finding')).toEqual([]);
    expect(run.metrics.filter((m) => ['Findings', 'Remediations', 'AlertsPublished'].includes(m.name))).toEqual([]);
  });
});

describe('loop guard with a custom TRAILGUARD_OWN_PRINCIPALS', () => {
  const env = stageEnv({
    TRAILGUARD_OWN_PRINCIPALS: 'arn:aws:iam::123456789012:role/SecurityAutomation-*, arn:aws:iam::*:user/ci-deployer-?',
  });

  test.each([
    ['a role session matched through its issuer role (* glob)', identities.assumedRole('SecurityAutomation-ci', 'run-42')],
    ['an IAM user matched by a ? glob', identities.iamUser('ci-deployer-7')],
  ])('%s: ignored', async (_name, userIdentity) => {
    // Prepare
    const handler = createHandler(WIRING['security-group'], RULES, { env });
    const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity } });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.result).toEqual({ status: 'own-event', eventId: record.eventID });
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(run.logs.map((line) => line.message)).toContain(LOOP_GUARD_LOG);
  });

  test.each([
    ['a person (alice)', identities.iamUser('alice')],
    ['a role that only shares a prefix with the glob', identities.assumedRole('SecurityAutomationX', 'run-1')],
    ['a user whose name is one character longer than the ? allows', identities.iamUser('ci-deployer-77')],
  ])('%s is not ignored: the world-open rule is reverted and alerted', async (_name, userIdentity) => {
    // Prepare
    const handler = createHandler(WIRING['security-group'], RULES, { env });
    const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity } });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ status: 'alerted' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(run.logs.map((line) => line.message)).not.toContain(LOOP_GUARD_LOG);
  });
});
