import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { instantRetry } from '../support';

// A rule added as 203.0.113.7/0 is stored by EC2 as 0.0.0.0/0: revoking by value names the stored range.

const ec2Mock = mockClient(EC2Client);
const GROUP = 'sg-0123456789abcdef0';

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-ok' } });
});

describe('revoke-ingress by value with host bits in the ranges', () => {
  test('sends the ranges EC2 stored (host bits cleared, IPv6 in canonical text)', async () => {
    // Prepare
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'eu-west-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['203.0.113.7/0'], ipv6Ranges: ['2001:DB8::1/0'] }],
      securityGroupRuleIds: [],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: GROUP,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
    expect(result.outcome).toBe('applied');
  });
});
