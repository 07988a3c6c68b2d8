import { CreateSnapshotCommand, CreateVolumeCommand, DescribeSnapshotAttributeCommand, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { intruder } from '../support/responder-records';
import { ec2Call } from '../support/service-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * Issue 14 §2, run by the prod sharing bundle under Node 22 against moto: an EBS snapshot already shared with a
 * partner account is shared with another account and made public. The revert removes exactly those two, reading
 * the snapshot's permissions first; the partner keeps its access, and one alert says who lost access.
 */
const PARTNER = '444455556666';
const FOREIGN = '111122223333';

const now = (): Partial<CloudTrailRecord> => ({ eventTime: `${new Date().toISOString().slice(0, 19)}Z` });

describeLive('live: an EBS snapshot shared with another account and made public', {}, (started) => {
  test('the account and the public group lose access, the partner keeps it, one alert says so', async () => {
    // Prepare
    const live = started();
    const { ec2 } = live.aws;
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
    const { SnapshotId } = await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId! }));
    const snapshotId = SnapshotId!;
    const share = (UserIds: string[], GroupNames: ('all')[] = []) =>
      ec2.send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission', OperationType: 'add', UserIds, GroupNames }));
    await share([PARTNER]);
    await share([FOREIGN], ['all']);
    const record = ec2Call(
      'ModifySnapshotAttribute',
      { snapshotId, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ userId: FOREIGN }, { group: 'all' }] } } },
      { _return: true },
      { ...intruder(), ...now() },
    );
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2SnapshotSharedEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['sharing', true, undefined]]);
    const { CreateVolumePermissions } = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }));
    expect(CreateVolumePermissions).toEqual([{ UserId: PARTNER }]);
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation]);
    expect(calls).toEqual([
      ['ec2', 'DescribeSnapshotAttribute'],
      ['ec2', 'ModifySnapshotAttribute'],
      ['sns', 'Publish'],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'CRITICAL', account: '123456789012' });
    expect(alerts[0]!.text).toContain(`removed the create-volume permission of account ${FOREIGN} and everyone (public) from EBS snapshot ${snapshotId}`);
    expect(alerts[0]!.text).toContain(`--create-volume-permission "Add=[{UserId=${FOREIGN}},{Group=all}]"`);
  }, LIVE_TEST_TIMEOUT_MS);
});
