import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { authorizeSecurityGroup, groupIdFor, type PermissionSpec } from '../support/ec2-records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, handlerFor, invoke, lambdaHarness, stageEnv } from './support';

// Exceptions are documented, owned and expiring decisions: a live one
// stops the revert but the alert still goes out naming it; an expired one is ignored, and the alert says so.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });

const BASTION = groupIdFor('bastion');
const SSH: PermissionSpec = { protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] };
const RDP: PermissionSpec = { protocol: 'tcp', from: 3389, to: 3389, v4: ['0.0.0.0/0'] };

const exception = (expires: string) => ({
  id: 'bastion-ssh',
  match: { securityGroupId: BASTION, port: 22 },
  reason: 'break-glass bastion while the VPN is migrated',
  owner: 'platform-team@example.com',
  expires,
});

const handlerWith = (expires: string, now: string) =>
  handlerFor('security-group', {
    env: stageEnv({ TRAILGUARD_EXCEPTIONS: JSON.stringify([exception(expires)]) }),
    now: () => new Date(now),
  });

const sshToBastion = (permissions: PermissionSpec[] = [SSH]) => authorizeSecurityGroup({ groupId: BASTION, permissions });

beforeEach(() => {
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-exception' });
});

describe('a live exception for the group and port', () => {
  test('nothing is reverted: outcome excepted, no EC2 call', async () => {
    // Prepare
    const handler = handlerWith('2026-12-31', '2026-11-02T09:15:05Z');
    const record = sshToBastion();

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(run.result).toMatchObject({
      status: 'alerted',
      findings: [{ ruleId: 'ec2.sg-open-ingress', action: 'revoke-ingress', status: 'excepted' }, { ruleId: 'ec2.sg-change' }],
    });
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'excepted' } },
    ]);
    expect(run.logs.find((l) => l.message === 'finding' && l.ruleId === 'ec2.sg-open-ingress')).toMatchObject({
      remediation: { status: 'excepted', detail: { exception: 'bastion-ssh' } },
    });
  });

  test('the alert still goes out and names the exception, its reason, owner and expiry', async () => {
    // Prepare
    const handler = handlerWith('2026-12-31', '2026-11-02T09:15:05Z');

    // Act
    await invoke(handler, busEvent(sshToBastion()));

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email } = bodiesOf(input.Message);
    expect(email).toContain(
      'Exception bastion-ssh (reason: break-glass bastion while the VPN is migrated; owner: platform-team@example.com; expires: 2026-12-31) stopped the revert.',
    );
    expect(email).toContain('Not reverted: an exception applies');
    expect(email).not.toContain('EXPIRED');
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('excepted');
  });

  test('the expiry day is inclusive (UTC): the last second of it still counts', async () => {
    // Prepare
    const handler = handlerWith('2026-11-02', '2026-11-02T23:59:59.999Z');

    // Act
    const run = await invoke(handler, busEvent(sshToBastion()));

    // Assess
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(run.result).toMatchObject({ findings: [{ status: 'excepted' }, {}] });
  });

  test('an exception for port 22 does not spare a 3389 opened in the same call: the revert is applied', async () => {
    // Prepare
    const handler = handlerWith('2026-12-31', '2026-11-02T09:15:05Z');
    const record = sshToBastion([SSH, RDP]);

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(run.result).toMatchObject({ findings: [{ ruleId: 'ec2.sg-open-ingress', status: 'applied' }, {}] });
  });
});

describe('an expired exception', () => {
  test.each([
    ['expired a month ago', '2026-10-01', '2026-11-02T09:15:05Z'],
    ['the first instant after its expiry day', '2026-11-01', '2026-11-02T00:00:00.000Z'],
  ])('%s: ignored, the revert is applied and the alert says it expired', async (_name, expires, now) => {
    // Prepare
    const handler = handlerWith(expires, now);
    const record = sshToBastion();
    const ruleIds = (record.responseElements as { securityGroupRuleSet: { items: { securityGroupRuleId: string }[] } }).securityGroupRuleSet.items.map(
      (item) => item.securityGroupRuleId,
    );

    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: BASTION, SecurityGroupRuleIds: ruleIds });
    expect(run.result).toMatchObject({ findings: [{ ruleId: 'ec2.sg-open-ingress', status: 'applied' }, {}] });
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'revoke-ingress', outcome: 'applied' } },
    ]);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email } = bodiesOf(input.Message);
    expect(email).toContain(
      `Exception bastion-ssh (reason: break-glass bastion while the VPN is migrated; owner: platform-team@example.com; expires: ${expires}) matched, but it EXPIRED and was ignored.`,
    );
    // The time comes from the outcome recorded before the alert (state table), so a retry tells the same.
    expect(email).toMatch(/Reverted at \d\d:\d\d:\d\dZ on \d{4}-\d\d-\d\d: trailguard /);
    expect(email).toContain(': trailguard revoked exactly the world-open ingress rules the event added.');
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('applied');
  });
});
