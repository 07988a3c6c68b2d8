import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareSnapshotApplier } from '../../../lib/remediation/unshare-snapshot/apply';
import { instantRetry } from '../support';
import { SNAPSHOT, FOREIGN, PARTNER, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-snapshot already compliant', () => {
  test('none of the added permissions is still granted: nothing is changed, the partner share is not touched', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ UserId: PARTNER }] });

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'ec2:DescribeSnapshotAttribute', notGranted: [FOREIGN, 'all'], attempts: 1 }, undo: '' });
    expect(result.did).toContain(`already removed from EBS snapshot ${SNAPSHOT}`);
  });
});
