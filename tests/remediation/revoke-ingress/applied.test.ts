import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { instantRetry } from '../support';

const ec2Mock = mockClient(EC2Client);
const GROUP = 'sg-0123456789abcdef0';

const sentInputs = () => ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input);
const clientRegion = (n: number) => (ec2Mock.call(n).thisValue as EC2Client).config.region();

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-ok' } });
});

describe('revoke-ingress applied', () => {
  test('by rule ids: one call naming exactly those ids, in the params region', async () => {
    // Prepare
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'eu-west-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1', 'sgr-0aaaaaaaaaaaaaaa2'],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sentInputs()).toStrictEqual([{ GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1', 'sgr-0aaaaaaaaaaaaaaa2'] }]);
    await expect(clientRegion(0)).resolves.toBe('eu-west-1');
    expect(result).toStrictEqual({
      outcome: 'applied',
      detail: {
        call: 'ec2:RevokeSecurityGroupIngress',
        region: 'eu-west-1',
        groupId: GROUP,
        securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1', 'sgr-0aaaaaaaaaaaaaaa2'],
        requestId: 'req-ok',
        attempts: 1,
      },
    });
  });

  test('by permissions: exactly the protocol, ports and world-open ranges the event added, IPv6 included', async () => {
    // Prepare
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'ap-southeast-2',
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] },
        { ipProtocol: 'udp', fromPort: 1000, toPort: 2000, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] },
        { ipProtocol: '-1', ipv4Ranges: [], ipv6Ranges: ['::/0'] },
      ],
      securityGroupRuleIds: [],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    const ipPermissions = [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'udp', FromPort: 1000, ToPort: 2000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ];
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(sentInputs()).toStrictEqual([{ GroupId: GROUP, IpPermissions: ipPermissions }]);
    await expect(clientRegion(0)).resolves.toBe('ap-southeast-2');
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ groupId: GROUP, region: 'ap-southeast-2', ipPermissions, requestId: 'req-ok', attempts: 1 });
  });

  test('by permissions: an ICMP type/code pair passes through verbatim', async () => {
    // Prepare
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'icmp', fromPort: 8, toPort: -1, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
      securityGroupRuleIds: [],
    });

    // Act
    await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(sentInputs()).toStrictEqual([
      { GroupId: GROUP, IpPermissions: [{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
    ]);
  });

  test('default VPC, partly matched: applied, and the permissions EC2 did not know are reported', async () => {
    // Prepare
    const unknown = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }];
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({
      Return: true,
      UnknownIpPermissions: unknown,
      RevokedSecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-0bbbbbbbbbbbbbbb1', GroupId: GROUP }],
      $metadata: { requestId: 'req-ok' },
    });
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: ['::/0'] }],
      securityGroupRuleIds: [],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ unknownIpPermissions: unknown, revokedSecurityGroupRuleIds: ['sgr-0bbbbbbbbbbbbbbb1'] });
  });
});
