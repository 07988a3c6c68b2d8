import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { ec2Error, instantRetry } from '../support';

// EC2 rejects a multi-rule revoke as a whole when one rule is missing and revokes none of them, so a NotFound on
// a multi-rule request must not be read as "already compliant": the applier narrows to one rule per call.
const ec2Mock = mockClient(EC2Client);
const GROUP = 'sg-0123456789abcdef0';
const RULE_1 = 'sgr-0aaaaaaaaaaaaaaa1';
const RULE_2 = 'sgr-0aaaaaaaaaaaaaaa2';
const sentInputs = () => ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input);

beforeEach(() => ec2Mock.reset());

describe('revoke-ingress when some of the rules are already gone', () => {
  test('by rule ids: the still-open rule is revoked on its own', async () => {
    // Prepare
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(ec2Error('InvalidSecurityGroupRuleId.NotFound'))
      .rejectsOnce(ec2Error('InvalidSecurityGroupRuleId.NotFound'))
      .resolvesOnce({ Return: true, $metadata: { requestId: 'req-2' } });
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: [RULE_1, RULE_2],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(sentInputs()).toStrictEqual([
      { GroupId: GROUP, SecurityGroupRuleIds: [RULE_1, RULE_2] },
      { GroupId: GROUP, SecurityGroupRuleIds: [RULE_1] },
      { GroupId: GROUP, SecurityGroupRuleIds: [RULE_2] },
    ]);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({
      calls: 3,
      attempts: 3,
      items: [
        { securityGroupRuleIds: [RULE_1], outcome: 'absent', errorCode: 'InvalidSecurityGroupRuleId.NotFound' },
        { securityGroupRuleIds: [RULE_2], outcome: 'revoked', requestId: 'req-2' },
      ],
    });
  });

  test('by permissions: one call per world-open range, never widening the request', async () => {
    // Prepare
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(ec2Error('InvalidPermission.NotFound'))
      .resolvesOnce({ Return: true })
      .rejectsOnce(ec2Error('InvalidPermission.NotFound'));
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: [],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    const rdp = { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389 };
    expect(sentInputs()).toStrictEqual([
      { GroupId: GROUP, IpPermissions: [{ ...rdp, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
      { GroupId: GROUP, IpPermissions: [{ ...rdp, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      { GroupId: GROUP, IpPermissions: [{ ...rdp, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
    ]);
    expect(result.outcome).toBe('applied');
  });

  test('every rule gone: already compliant', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('InvalidSecurityGroupRuleId.NotFound'));
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: [RULE_1, RULE_2],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 3);
    expect(result.outcome).toBe('already-compliant');
  });

  test('a narrowed call that fails makes the whole revert failed', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(ec2Error('InvalidSecurityGroupRuleId.NotFound'))
      .rejectsOnce(denied)
      .rejectsOnce(ec2Error('InvalidSecurityGroupRuleId.NotFound'));
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: [RULE_1, RULE_2],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(denied);
  });
});
