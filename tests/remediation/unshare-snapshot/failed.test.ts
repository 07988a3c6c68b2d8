import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { unshareSnapshotApplier } from '../../../lib/remediation/unshare-snapshot/apply';
import { ec2Error, instantRetry } from '../support';
import { FOREIGN, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-snapshot failed', () => {
  test('ModifySnapshotAttribute denied: failed at once, with the AWS error as cause, saying the snapshot is still shared', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ UserId: FOREIGN }] });
    ec2.on(ModifySnapshotAttributeCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(ModifySnapshotAttributeCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/UnauthorizedOperation: .*still shared/);
    expect(result.detail).toMatchObject({ errorCode: 'UnauthorizedOperation', snapshotId: params.snapshotId });
  });

  test('reading the create-volume permissions denied: failed, nothing modified', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(result.outcome).toBe('failed');
  });
});
