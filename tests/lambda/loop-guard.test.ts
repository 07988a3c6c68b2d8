import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { authorizeSecurityGroup, groupIdFor, revokeSecurityGroup } from '../support/ec2-records';
import { identities, responderPrincipal, responderRoleId } from '../support/records';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// "The responder never acts on events caused by its own principals (no loops)", and knows them by identity: the
// deployed environment lists each function role as <RoleId>|<Arn>. Its own revert, and even a world-open rule its
// role added, stop at the loop guard (no EC2 call, no alert, a log line and an EventsSkipped metric). A role that
// only shares the name (recreated, another stage, another account, another path) is treated like anyone else.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient });

const GROUP = groupIdFor('loop-guard');
const SSH_WORLD = [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] as const;
const LOOP_GUARD_LOG = 'event caused by the responder itself: ignored (loop guard)';
const OWN = [responderPrincipal('test', 'securityGroup'), responderPrincipal('test', 'trail'), responderPrincipal('test', 'alert')].join(',');
const env = stageEnv({ TRAILGUARD_OWN_PRINCIPALS: OWN });

/** The responder's session with some of its identity replaced. */
const lookalike = (changes: { id?: string; issuerArn?: string; account?: string }): UserIdentity => {
  const own = identities.responder('test', 'securityGroup', changes.account);
  const issuer = own.sessionContext!.sessionIssuer!;
  const id = changes.id ?? issuer.principalId!;
  return {
    ...own,
    principalId: `${id}:${own.principalId!.split(':')[1]}`,
    sessionContext: { ...own.sessionContext, sessionIssuer: { ...issuer, principalId: id, arn: changes.issuerArn ?? issuer.arn! } },
  };
};

beforeEach(() => {
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-loop' });
});

describe('loop guard: the stage\'s own function roles, by unique id and exact ARN', () => {
  const responder = identities.responder('test', 'securityGroup');
  const cases: [string, CloudTrailRecord][] = [
    ['its own RevokeSecurityGroupIngress (the revert it just made)', revokeSecurityGroup(GROUP, [...SSH_WORLD], false, { userIdentity: responder })],
    ['its own AuthorizeSecurityGroupIngress to 0.0.0.0/0:22', authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity: responder } })],
    ['another function role of the stage (trail)', authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity: identities.responder('test', 'trail') } })],
  ];

  test.each(cases)('%s: no EC2 call, no publish, status own-event, logged and counted as loop guard', async (_name, record) => {
    // Prepare
    const handler = handlerFor('security-group', { env });
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
    expect(run.metrics.filter((m) => m.name === 'EventsSkipped')).toEqual([
      { name: 'EventsSkipped', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, reason: 'own-principal' } },
    ]);
  });
});

describe('loop guard: what only looks like the responder is treated like anyone else', () => {
  const ownArn = identities.responder('test', 'securityGroup').sessionContext!.sessionIssuer!.arn!;
  test.each([
    ['the role recreated with the same name (new unique id)', lookalike({ id: 'AROARECREATEDROLE0001' })],
    ['the same name under another path', lookalike({ issuerArn: ownArn.replace(':role/', ':role/imported/') })],
    ['the same name in another account', lookalike({ account: '999999999999', id: responderRoleId('test', 'securityGroup', '999999999999') })],
    ['the same role name in another stage', identities.responder('dev', 'securityGroup')],
    ['a role merely named trailguard-*', identities.assumedRole('trailguard-backdoor', 'attacker')],
    ['a person (alice)', identities.iamUser('alice')],
  ])('%s: the world-open rule is reverted and alerted', async (_name, userIdentity) => {
    // Prepare
    const handler = handlerFor('security-group', { env });
    const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity } });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ status: 'alerted' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(run.logs.map((line) => line.message)).not.toContain(LOOP_GUARD_LOG);
    expect(run.metrics.filter((m) => m.name === 'EventsSkipped')).toEqual([]);
  });
});

describe('loop guard: extra principals from the ownPrincipals param, exact ARN or unique id', () => {
  const extraEnv = stageEnv({ TRAILGUARD_OWN_PRINCIPALS: `${OWN},arn:aws:iam::123456789012:role/ci/SecurityAutomation,AIDAEXAMPLECIDEPLOYER` });

  test.each([
    ['a session of the role named by its exact ARN (path included)', { ...identities.assumedRole('SecurityAutomation', 'run-42'), sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: 'arn:aws:iam::123456789012:role/ci/SecurityAutomation' } } }],
    ['an IAM user named by its unique id', { ...identities.iamUser('ci-deployer'), principalId: 'AIDAEXAMPLECIDEPLOYER' }],
  ])('%s: ignored', async (_name, userIdentity) => {
    // Prepare
    const handler = handlerFor('security-group', { env: extraEnv });
    const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity: userIdentity as UserIdentity } });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.result).toEqual({ status: 'own-event', eventId: record.eventID });
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  test('a role of the same name without the path is not the one named', async () => {
    // Prepare
    const handler = handlerFor('security-group', { env: extraEnv });
    const record = authorizeSecurityGroup({ groupId: GROUP, permissions: [...SSH_WORLD], overrides: { userIdentity: identities.assumedRole('SecurityAutomation', 'run-42') } });

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.result).toMatchObject({ status: 'alerted' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  });
});
