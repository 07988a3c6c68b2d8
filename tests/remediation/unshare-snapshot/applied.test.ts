import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareSnapshotApplier } from '../../../lib/remediation/unshare-snapshot/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { SNAPSHOT, FOREIGN, PARTNER, params } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('unshare-snapshot applied', () => {
  test('the added account and the public group are removed; the earlier partner share stays', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ UserId: PARTNER }, { UserId: FOREIGN }, { Group: 'all' }] });
    ec2.on(ModifySnapshotAttributeCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeSnapshotAttributeCommand, { SnapshotId: SNAPSHOT, Attribute: 'createVolumePermission' });
    expect(ec2).toHaveReceivedCommandTimes(ModifySnapshotAttributeCommand, 1);
    expect(ec2.commandCalls(ModifySnapshotAttributeCommand)[0]!.args[0].input).toStrictEqual({
      SnapshotId: SNAPSHOT,
      Attribute: 'createVolumePermission',
      OperationType: 'remove',
      UserIds: [FOREIGN],
      GroupNames: ['all'],
    });
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { call: 'ec2:ModifySnapshotAttribute', region: 'eu-west-1', snapshotId: SNAPSHOT, removed: [FOREIGN, 'all'], requestId: REQUEST_ID, attempts: 2 },
    });
    expect(result.did).toBe(`removed the create-volume permission of account ${FOREIGN} and everyone (public) from EBS snapshot ${SNAPSHOT}; every other permission of the snapshot was left as it was`);
    expect(result.undo).toContain(`aws ec2 modify-snapshot-attribute --region eu-west-1 --snapshot-id ${SNAPSHOT} --attribute createVolumePermission --create-volume-permission "Add=[{UserId=${FOREIGN}},{Group=all}]"`);
  });

  test('the public group was already taken away meanwhile: only the account is removed, and the redo names only it', async () => {
    // Prepare
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ UserId: FOREIGN }] });
    ec2.on(ModifySnapshotAttributeCommand).resolves({});

    // Act
    const result = await unshareSnapshotApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    const input = ec2.commandCalls(ModifySnapshotAttributeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ OperationType: 'remove', UserIds: [FOREIGN] });
    expect(input.GroupNames).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'applied', detail: { removed: [FOREIGN], alreadyRemoved: ['all'] } });
    expect(result.did).toContain('(that of everyone (public) was already gone)');
    expect(result.undo).toContain(`"Add=[{UserId=${FOREIGN}}]"`);
  });
});
