import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareSnapshotApplier } from '../../../lib/remediation/unshare-snapshot/apply';
import { ec2Error, instantRetry } from '../support';
import { params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-snapshot not found', () => {
  test.each(['InvalidSnapshot.NotFound'])('%s (deleted since): not-applicable, no error, nothing retried', async (code) => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).rejects(ec2Error(code));
    const options = instantRetry();

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: code, reason: expect.stringContaining('no longer exists') } });
  });
});
