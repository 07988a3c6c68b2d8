import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { ec2Error, instantRetry, REQUEST_ID } from '../support';

const ec2Mock = mockClient(EC2Client);
const GROUP = 'sg-0123456789abcdef0';
const sshOpen = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] };

beforeEach(() => ec2Mock.reset());

describe('revoke-ingress already compliant', () => {
  test('InvalidPermission.NotFound for the one permission: the rule is already gone, no retry', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('InvalidPermission.NotFound'));
    const params = revokeIngress.parse({ groupId: GROUP, region: 'us-east-1', ipPermissions: [sshOpen], securityGroupRuleIds: [] });
    const options = instantRetry();

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('already-compliant');
    expect(result.error).toBeUndefined();
    expect(result.detail).toMatchObject({ errorCode: 'InvalidPermission.NotFound', requestId: REQUEST_ID, attempts: 1 });
  });

  test('InvalidSecurityGroupRuleId.NotFound for the one rule id: already gone', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('InvalidSecurityGroupRuleId.NotFound'));
    const params = revokeIngress.parse({
      groupId: GROUP,
      region: 'us-east-1',
      ipPermissions: [sshOpen],
      securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'],
    });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(result.outcome).toBe('already-compliant');
    expect(result.detail).toMatchObject({ errorCode: 'InvalidSecurityGroupRuleId.NotFound', securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'] });
  });

  test('default VPC, nothing matched: EC2 answers Return=true with every permission unknown', async () => {
    // Prepare
    const unknown = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, UnknownIpPermissions: unknown, RevokedSecurityGroupRules: [] });
    const params = revokeIngress.parse({ groupId: GROUP, region: 'us-east-1', ipPermissions: [sshOpen], securityGroupRuleIds: [] });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('already-compliant');
    expect(result.detail).toMatchObject({ unknownIpPermissions: unknown, attempts: 1 });
  });

  test('default VPC, nothing matched, older response without RevokedSecurityGroupRules: decided by range count', async () => {
    // Prepare
    const unknown = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, UnknownIpPermissions: unknown });
    const params = revokeIngress.parse({ groupId: GROUP, region: 'us-east-1', ipPermissions: [sshOpen], securityGroupRuleIds: [] });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('already-compliant');
  });
});
