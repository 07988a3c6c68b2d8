import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { revokeIngress, type RevokeIngressParams } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { ec2Error, instantRetry } from '../support';

const ec2Mock = mockClient(EC2Client);
const params = revokeIngress.parse({
  groupId: 'sg-0123456789abcdef0',
  region: 'us-east-1',
  ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
  securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'],
});

beforeEach(() => ec2Mock.reset());

describe('revoke-ingress failed', () => {
  test('UnauthorizedOperation: failed at once, without retrying, and says the rule is still open', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/^remediation revoke-ingress failed: UnauthorizedOperation: .*still open/);
    expect(result.detail).toMatchObject({
      call: 'ec2:RevokeSecurityGroupIngress',
      groupId: 'sg-0123456789abcdef0',
      securityGroupRuleIds: ['sgr-0aaaaaaaaaaaaaaa1'],
      errorCode: 'UnauthorizedOperation',
      httpStatusCode: 403,
      attempts: 1,
    });
  });

  test.each(['InvalidGroupId.Malformed', 'InvalidSecurityGroupRuleId.Malformed'])(
    '%s: a malformed id is a trailguard bug, so failed rather than "nothing to do"',
    async (code) => {
      // Prepare
      ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error(code));

      // Act
      const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

      // Assess
      expect(result.outcome).toBe('failed');
      expect(result.error?.message).toContain('trailguard bug');
    },
  );

  test('501 Not Implemented is a server error the SDK does not retry: failed after one attempt', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(ec2Error('NotImplemented', 501));

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(result.outcome).toBe('failed');
  });

  test('Return=false without an error is not taken for success', async () => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: false });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatchObject({ errorCode: 'UnexpectedResponse' });
  });

  test('never throws, even when no client can be built: an invalid region is a failed result', async () => {
    // Prepare
    const broken: RevokeIngressParams = { ...params, region: 'nowhere' };

    // Act
    const result = await revokeIngressApplier.apply(broken, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
  });
});
