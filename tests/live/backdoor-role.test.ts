import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { CloudTrailRecord, UserIdentity } from '../../lib/cloudtrail/record';
import { globalCall } from '../support/service-records';
import { intruder } from '../support/responder-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * Issue 9 §1 (e), run by the prod selfProtection bundle under Node 22 against moto: someone creates a role named
 * trailguard-backdoor (trusting another account, an attached and an inline policy). It is deleted (policies first)
 * and one CRITICAL alert says what was removed. The function's own role, known by its unique id from the template
 * (Fn::GetAtt RoleId, created in moto by the harness), is left alone: its own calls stop at the loop guard.
 */
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });

const now = (): Partial<CloudTrailRecord> => ({ eventTime: `${new Date().toISOString().slice(0, 19)}Z` });

describeLive('live: a role squatting the responder\'s name', {}, (started) => {
  test('trailguard-backdoor is deleted and alerted, with what was removed', async () => {
    // Prepare
    const live = started();
    const { iam } = live.aws;
    await iam.send(new CreateRoleCommand({ RoleName: 'trailguard-backdoor', AssumeRolePolicyDocument: TRUST }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'backdoor-s3', PolicyDocument: POLICY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'trailguard-backdoor', PolicyArn: Policy!.Arn! }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'trailguard-backdoor', PolicyName: 'exfil', PolicyDocument: POLICY }));
    const record = globalCall('iam.amazonaws.com', 'CreateRole', { roleName: 'trailguard-backdoor', assumeRolePolicyDocument: TRUST }, null, { ...intruder(), ...now() });
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('IamResponderRoleTamperingEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['selfProtection', true, undefined]]);
    await expect(iam.send(new GetRoleCommand({ RoleName: 'trailguard-backdoor' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    const calls = live.functionRequests(since).filter((r) => r.service !== 'dynamodb').map((r) => [r.service, r.operation]);
    expect(calls).toContainEqual(['iam', 'DetachRolePolicy']);
    expect(calls).toContainEqual(['iam', 'DeleteRolePolicy']);
    expect(calls.filter(([, operation]) => operation === 'DeleteRole')).toHaveLength(1);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ severity: 'CRITICAL', outcome: 'applied', account: '123456789012' });
    // One alert for the event: the tampering finding first, with the other rules' findings (role-trust-opened).
    expect(JSON.parse(alerts[0]!.attributes.category!)).toContain('responder-tampering');
    expect(alerts[0]!.text).toContain('deleted role /trailguard-backdoor');
    expect(alerts[0]!.text).toContain(Policy!.Arn!);
    expect(alerts[0]!.text).toContain('create-role --role-name <new-name>');
    expect(alerts[0]!.subject.length).toBeLessThan(100);
  }, LIVE_TEST_TIMEOUT_MS);

  test('the function\'s own role, by its unique id, is ignored (loop guard) and left in place', async () => {
    // Prepare
    const live = started();
    const { created } = live.world;
    const roleId = created.getAtt('SelfProtectionRole', 'RoleId');
    const roleArn = created.getAtt('SelfProtectionRole', 'Arn');
    const roleName = created.ref('SelfProtectionRole');
    const session = 'trailguard-prod-selfProtection';
    const own: UserIdentity = {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::123456789012:assumed-role/${roleName}/${session}`,
      accountId: '123456789012',
      sessionContext: { sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: '123456789012', userName: roleName } },
    };
    await live.aws.iam.send(new CreateRoleCommand({ RoleName: 'trailguard-scratch', AssumeRolePolicyDocument: TRUST }));
    const record = globalCall('iam.amazonaws.com', 'CreateRole', { roleName: 'trailguard-scratch', assumeRolePolicyDocument: TRUST }, null, { userIdentity: own, ...now() });
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('IamResponderRoleTamperingEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.result])).toEqual([
      ['selfProtection', true, { status: 'own-event', eventId: record.eventID }],
    ]);
    // Only the state table's own record of the event (idempotency): no call to IAM or SNS.
    expect(live.functionRequests(since).filter((r) => r.service !== 'dynamodb')).toEqual([]);
    await expect(live.aws.iam.send(new GetRoleCommand({ RoleName: roleName }))).resolves.toMatchObject({ Role: { RoleId: roleId } });
    expect(await live.alerts()).toEqual([]);
  }, LIVE_TEST_TIMEOUT_MS);
});
