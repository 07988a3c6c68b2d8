import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareImageApplier } from '../../../lib/remediation/unshare-image/apply';
import { instantRetry } from '../support';
import { AMI, FOREIGN, PARTNER, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-image already compliant', () => {
  test('none of the added permissions is still granted: nothing is changed, the partner share is not touched', async () => {
    // Prepare
    ec2.on(DescribeImageAttributeCommand).resolves({ ImageId: AMI, LaunchPermissions: [{ UserId: PARTNER }] });

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(ModifyImageAttributeCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'ec2:DescribeImageAttribute', notGranted: [FOREIGN, 'all'], attempts: 1 }, undo: '' });
    expect(result.did).toContain(`already removed from AMI ${AMI}`);
  });
});
