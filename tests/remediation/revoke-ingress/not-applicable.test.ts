import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { ec2Error, instantRetry } from '../support';

const ec2Mock = mockClient(EC2Client);

beforeEach(() => ec2Mock.reset());

describe('revoke-ingress not applicable', () => {
  test.each(['InvalidGroup.NotFound', 'InvalidSecurityGroupID.NotFound'])('%s: the group was deleted, no retry', async (code) => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error(code));
    const params = revokeIngress.parse({
      groupId: 'sg-0123456789abcdef0',
      region: 'us-east-1',
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
      securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'],
    });
    const options = instantRetry();

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('not-applicable');
    expect(result.error).toBeUndefined();
    expect(result.detail).toMatchObject({ errorCode: code, attempts: 1, reason: 'the security group no longer exists' });
  });
});
