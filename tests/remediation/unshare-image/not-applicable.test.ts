import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareImageApplier } from '../../../lib/remediation/unshare-image/apply';
import { ec2Error, instantRetry } from '../support';
import { params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-image not found', () => {
  test.each(['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'])('%s (deregistered since): not-applicable, no error, nothing retried', async (code) => {
    // Prepare
    ec2.on(DescribeImageAttributeCommand).rejects(ec2Error(code));
    const options = instantRetry();

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifyImageAttributeCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: code, reason: expect.stringContaining('no longer exists') } });
  });
});
