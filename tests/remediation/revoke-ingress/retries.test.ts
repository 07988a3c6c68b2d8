import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { revokeIngress } from '../../../lib/remediation';
import { revokeIngressApplier } from '../../../lib/remediation/revoke-ingress/apply';
import { ec2Error, instantRetry, networkError, REQUEST_ID } from '../support';

const ec2Mock = mockClient(EC2Client);
const params = revokeIngress.parse({
  groupId: 'sg-0123456789abcdef0',
  region: 'us-east-1',
  ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
  securityGroupRuleIds: [],
});
const input = {
  GroupId: 'sg-0123456789abcdef0',
  IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

beforeEach(() => ec2Mock.reset());

describe('revoke-ingress retries', () => {
  test.each([
    ['RequestLimitExceeded (EC2 throttling), once', ['RequestLimitExceeded']],
    ['ThrottlingException, twice', ['ThrottlingException', 'ThrottlingException']],
  ])('throttled %s, then succeeded: applied, attempts counted', async (_label, codes) => {
    // Prepare
    const behaviour = ec2Mock.on(RevokeSecurityGroupIngressCommand);
    for (const code of codes) behaviour.rejectsOnce(ec2Error(code));
    behaviour.resolves({ Return: true, $metadata: { requestId: 'req-ok' } });
    const options = instantRetry();

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, codes.length + 1);
    for (const call of ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)) expect(call.args[0].input).toStrictEqual(input);
    expect(options.sleeps).toHaveLength(codes.length);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: codes.length + 1, requestId: 'req-ok' });
  });

  test('throttled until giving up: failed after the bounded attempts, the AWS error as cause', async () => {
    // Prepare
    const throttled = ec2Error('RequestLimitExceeded', 503);
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(throttled);
    const options = instantRetry();

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 4);
    expect(options.sleeps).toHaveLength(3);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(throttled);
    expect(result.error?.message).toContain('RequestLimitExceeded after 4 attempts');
    expect(result.detail).toMatchObject({ errorCode: 'RequestLimitExceeded', attempts: 4, httpStatusCode: 503, requestId: REQUEST_ID });
  });

  test.each([
    ['InternalError', 500],
    ['Unavailable', 503],
  ])('%s (%i) once, then succeeded: applied on the second attempt', async (code, status) => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejectsOnce(ec2Error(code, status)).resolves({ Return: true });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: 2 });
  });

  test.each(['ECONNRESET', 'ETIMEDOUT', 'EPIPE'])('network error %s, then succeeded: applied', async (code) => {
    // Prepare
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejectsOnce(networkError(code)).resolves({ Return: true });

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: 2 });
  });

  test('a server error that persists: failed after the bounded attempts', async () => {
    // Prepare
    const unavailable = ec2Error('Unavailable', 503);
    ec2Mock.on(RevokeSecurityGroupIngressCommand).rejects(unavailable);

    // Act
    const result = await revokeIngressApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 4);
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(unavailable);
    expect(result.detail).toMatchObject({ errorCode: 'Unavailable', fault: 'server', attempts: 4 });
  });
});
