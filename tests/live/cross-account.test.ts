import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand, DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { randomUUID } from 'node:crypto';
import { toEnvelope } from '../../lib/cloudtrail/envelope';
import { compilePattern } from '../../lib/pattern';
import { resolve } from '../deploy/cfn';
import { authorizeSecurityGroup } from '../support/ec2-records';
import { identities } from '../support/records';
import { describeLive, LIVE_TEST_TIMEOUT_MS, type Live } from './support/live';
import { ACCOUNT, CREDENTIALS } from './support/world';

/*
 * The organization topology end to end on moto (issue 13): the prod stage packaged with topology central, its
 * securityGroup bundle under Node 22. Member account 111122223333 opens SSH to the world in eu-west-1; the event
 * matches the member template's forwarding rule (the same pattern), reaches the central function through the
 * central bus's rule, and the function assumes the account's member role, revokes the rule in that account and
 * region, and alerts on the central topic naming the account and the region.
 *
 * What moto does not check: its AssumeRole into another account's role works whether or not the role exists or
 * trusts the caller (moto's sts backend: "the role does not need to exist"), and EventBridge rules are routed by
 * the suite's own matcher (tests/live/support/eventbridge.ts). The member role is still created here from the
 * member template, so the role the function asks for is the one the StackSet would create; trust policies and the
 * bus policy are asserted on the templates (tests/deploy/organization.test.ts).
 */

const MEMBER = '111122223333';
const MEMBER_REGION = 'eu-west-1';

/** Credentials acting in the member account: moto switches accounts by the assumed role's ARN. */
const memberCredentials = async (endpoint: string) => {
  const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: CREDENTIALS });
  try {
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, RoleSessionName: 'live-setup' }));
    return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
  } finally {
    sts.destroy();
  }
};

/** Creates the member template's security-group role in the member account, as the StackSet would. */
const createMemberRole = async (live: Live, iam: IAMClient): Promise<string> => {
  const role = live.memberTemplate?.Resources.SecurityGroupMemberRole;
  if (!role) throw new Error('the central packaging wrote no member template with SecurityGroupMemberRole');
  const withCentral = JSON.parse(JSON.stringify(role.Properties).replaceAll('{"Ref":"CentralAccountId"}', `"${ACCOUNT}"`).replaceAll('{"Ref":"OrganizationId"}', '"o-a1b2c3d4e5"'));
  const pseudo = { region: 'us-east-1', account: MEMBER, partition: 'aws', urlSuffix: 'amazonaws.com' };
  const { Role } = await iam.send(
    new CreateRoleCommand({ RoleName: withCentral.RoleName, AssumeRolePolicyDocument: JSON.stringify(resolve(withCentral.AssumeRolePolicyDocument, pseudo)) }),
  );
  return Role!.Arn!;
};

describeLive('live: a member account\'s event remediated by the central stage', { packaging: 'central' }, (started) => {
  test('assumes the member role, revokes in 111122223333 eu-west-1, alerts centrally naming account and region', async () => {
    // Prepare: the member account's world, with its own credentials.
    const live = started();
    const credentials = await memberCredentials(live.moto.endpoint);
    const iam = new IAMClient({ region: 'us-east-1', endpoint: live.moto.endpoint, credentials });
    const ec2 = new EC2Client({ region: MEMBER_REGION, endpoint: live.moto.endpoint, credentials });
    try {
      const memberRoleArn = await createMemberRole(live, iam);
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
      const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'payments-web', Description: 'member (live suite)', VpcId: Vpc!.VpcId! }));
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
      const ingress = async () =>
        ((await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [GroupId!] }] }))).SecurityGroupRules ?? []).filter((rule) => !rule.IsEgress);
      const [opened] = await ingress();
      const record = authorizeSecurityGroup({
        groupId: GroupId!,
        permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'], ruleIds: [opened!.SecurityGroupRuleId!] }],
        overrides: {
          eventID: randomUUID(),
          eventTime: `${new Date().toISOString().slice(0, 19)}Z`,
          awsRegion: MEMBER_REGION,
          recipientAccountId: MEMBER,
          userIdentity: identities.iamUser('dave', MEMBER),
        },
      });
      // EventBridge keeps the source account and region on a forwarded event.
      const envelope = { ...toEnvelope(record), id: randomUUID() };
      expect([envelope.account, envelope.region]).toEqual([MEMBER, MEMBER_REGION]);
      const forward = live.memberTemplate!.Resources.Ec2SgOpenIngressForward!;
      expect(compilePattern(forward.Properties.EventPattern).matches(envelope)).toBe(true);
      const since = live.requests().length;

      // Act: the central bus's rule delivers it to the central function.
      const { deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', envelope);

      // Assess
      expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['securityGroup', true, undefined]]);
      const calls = live.functionRequests(since).filter((r) => r.service !== 'dynamodb');
      expect(calls.map((r) => [r.service, r.operation])).toEqual([
        ['sts', 'AssumeRole'],
        ['ec2', 'RevokeSecurityGroupIngress'],
        ['sns', 'Publish'],
      ]);
      expect(calls[0]!.params).toMatchObject({ RoleArn: memberRoleArn, RoleSessionName: `trailguard-${record.eventID}` });
      expect(memberRoleArn).toBe(`arn:aws:iam::${MEMBER}:role/trailguard-prod-member-securityGroup`);
      expect(await ingress()).toEqual([]);
      const alerts = await live.alerts();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.topicArn).toBe(live.alertTopicArn);
      expect(alerts[0]!.topicArn.split(':')[4]).toBe(ACCOUNT);
      expect(alerts[0]!.attributes).toMatchObject({ account: MEMBER, outcome: 'applied' });
      expect(alerts[0]!.text).toMatch(new RegExp(`Account: +${MEMBER} \\(payments-prod\\)`));
      expect(alerts[0]!.text).toMatch(new RegExp(`Region: +${MEMBER_REGION}`));
      expect(alerts[0]!.bodies.sms).toContain(`acct payments-prod ${MEMBER_REGION}`);
    } finally {
      iam.destroy();
      ec2.destroy();
    }
  }, LIVE_TEST_TIMEOUT_MS);
});
