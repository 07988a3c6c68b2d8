import { DescribeImageAttributeCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareImageApplier } from '../../../lib/remediation/unshare-image/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { AMI, FOREIGN, PARTNER, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-image applied', () => {
  test('the added account and the public group are removed; the earlier partner share stays', async () => {
    // Prepare
    ec2.on(DescribeImageAttributeCommand).resolves({ ImageId: AMI, LaunchPermissions: [{ UserId: PARTNER }, { UserId: FOREIGN }, { Group: 'all' }] });
    ec2.on(ModifyImageAttributeCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeImageAttributeCommand, { ImageId: AMI, Attribute: 'launchPermission' });
    expect(ec2).toHaveReceivedCommandTimes(ModifyImageAttributeCommand, 1);
    expect(ec2.commandCalls(ModifyImageAttributeCommand)[0]!.args[0].input).toStrictEqual({
      ImageId: AMI,
      LaunchPermission: { Remove: [{ UserId: FOREIGN }, { Group: 'all' }] },
    });
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { call: 'ec2:ModifyImageAttribute', region: 'eu-west-1', imageId: AMI, removed: [FOREIGN, 'all'], requestId: REQUEST_ID, attempts: 2 },
    });
    expect(result.did).toBe(`removed the launch permission of account ${FOREIGN} and everyone (public) from AMI ${AMI}; every other launch permission of the AMI was left as it was`);
    expect(result.undo).toContain(`aws ec2 modify-image-attribute --region eu-west-1 --image-id ${AMI} --launch-permission "Add=[{UserId=${FOREIGN}},{Group=all}]"`);
  });

  test('the public group was already taken away meanwhile: only the account is removed, and the redo names only it', async () => {
    // Prepare
    ec2.on(DescribeImageAttributeCommand).resolves({ ImageId: AMI, LaunchPermissions: [{ UserId: FOREIGN }] });
    ec2.on(ModifyImageAttributeCommand).resolves({});

    // Act
    const result = await unshareImageApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2.commandCalls(ModifyImageAttributeCommand)[0]!.args[0].input.LaunchPermission).toStrictEqual({ Remove: [{ UserId: FOREIGN }] });
    expect(result).toMatchObject({ outcome: 'applied', detail: { removed: [FOREIGN], alreadyRemoved: ['all'] } });
    expect(result.did).toContain('(that of everyone (public) was already gone)');
    expect(result.undo).toContain(`"Add=[{UserId=${FOREIGN}}]"`);
  });
});
