import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareSnapshotApplier } from '../../../lib/remediation/unshare-snapshot/apply';
import { ec2Error, instantRetry } from '../support';
import { FOREIGN, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-snapshot retries', () => {
  test('RequestLimitExceeded once on each call, then succeeded: applied, attempts counted', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ CreateVolumePermissions: [{ UserId: FOREIGN }] });
    ec2.on(ModifySnapshotAttributeCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({});
    const options = instantRetry();

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(ModifySnapshotAttributeCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { removed: [FOREIGN], attempts: 4 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing modified', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).rejects(ec2Error('RequestLimitExceeded', 503));

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeSnapshotAttributeCommand, 4);
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'RequestLimitExceeded', attempts: 4 } });
  });
});
