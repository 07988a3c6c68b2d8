import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { unshareImageApplier } from '../../../lib/remediation/unshare-image/apply';
import { ec2Error, instantRetry } from '../support';
import { FOREIGN, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-image failed', () => {
  test('ModifyImageAttribute denied: failed at once, with the AWS error as cause, saying the AMI is still shared', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2.on(DescribeImageAttributeCommand).resolves({ LaunchPermissions: [{ UserId: FOREIGN }] });
    ec2.on(ModifyImageAttributeCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(ModifyImageAttributeCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/UnauthorizedOperation: .*still shared/);
    expect(result.detail).toMatchObject({ errorCode: 'UnauthorizedOperation', imageId: params.imageId });
  });

  test('reading the launch permissions denied: failed, nothing modified', async () => {
    // Prepare
    ec2.on(DescribeImageAttributeCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifyImageAttributeCommand);
    expect(result.outcome).toBe('failed');
  });
});
