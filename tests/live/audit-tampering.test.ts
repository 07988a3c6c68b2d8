import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateKeyCommand, DescribeKeyCommand, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { intruder } from '../support/responder-records';
import { serviceCall } from '../support/service-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';
import { CREDENTIALS, REGION } from './support/world';

/*
 * Issue 14 §2, run by the prod trail bundle under Node 22 against moto: a KMS key scheduled for deletion and an
 * AWS Config recorder stopped are put back by the trail function, and each alert says what was undone and how to
 * redo it.
 */
const now = (): Partial<CloudTrailRecord> => ({ eventTime: `${new Date().toISOString().slice(0, 19)}Z` });

describeLive('live: audit tampering (a key scheduled for deletion, a Config recorder stopped)', {}, (started) => {
  test('the key\'s deletion is cancelled; with no CloudTrail history to tell its earlier state, it stays disabled and the alert says how to enable it', async () => {
    // Prepare
    const live = started();
    const { kms } = live.aws;
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'live suite data key' }));
    const keyArn = KeyMetadata!.Arn!;
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId!, PendingWindowInDays: 7 }));
    const record = serviceCall(
      'kms.amazonaws.com',
      'ScheduleKeyDeletion',
      { keyId: KeyMetadata!.KeyId, pendingWindowInDays: 7 },
      { keyId: keyArn, deletionDate: scheduled.DeletionDate?.toISOString(), keyState: 'PendingDeletion', pendingWindowInDays: 7 },
      { ...intruder(), ...now(), resources: [{ accountId: '123456789012', type: 'AWS::KMS::Key', ARN: keyArn }] },
    );
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('KmsKmsKeyDeletionEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
    const after = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
    expect(after.KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(after.KeyMetadata?.DeletionDate).toBeUndefined();
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation]);
    expect(calls).toContainEqual(['kms', 'CancelKeyDeletion']);
    expect(calls).not.toContainEqual(['kms', 'EnableKey']);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'HIGH' });
    expect(alerts[0]!.text).toContain(`cancelled the scheduled deletion of KMS key ${keyArn}`);
    expect(alerts[0]!.text).toContain(`so it was left disabled: if it should be in use, aws kms enable-key --region us-east-1 --key-id ${keyArn}`);
    expect(alerts[0]!.text).toContain(`aws kms schedule-key-deletion --region us-east-1 --key-id ${keyArn} --pending-window-in-days 7`);
  }, LIVE_TEST_TIMEOUT_MS);

  test('the stopped recorder records again, its delivery channel untouched, and the alert gives the command that stops it', async () => {
    // Prepare
    const live = started();
    const config = new ConfigServiceClient({ region: REGION, endpoint: live.moto.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      await live.aws.s3.send(new CreateBucketCommand({ Bucket: 'live-config-history' }));
      await config.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: { name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config-recorder', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
        }),
      );
      await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'live-config-history' } }));
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
      await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
      const record = serviceCall('config.amazonaws.com', 'StopConfigurationRecorder', { configurationRecorderName: 'default' }, null, { ...intruder(), ...now() });
      const since = live.requests().length;

      // Act
      const { deliveries } = await live.deliverVia('ConfigConfigChangeEventRule', record);

      // Assess
      expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
      const { ConfigurationRecordersStatus } = await config.send(new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: ['default'] }));
      expect(ConfigurationRecordersStatus?.[0]?.recording).toBe(true);
      const calls = live
        .functionRequests(since)
        .filter((r) => r.service !== 'dynamodb')
        .map((r) => [r.service, r.operation]);
      expect(calls).toEqual([
        ['config', 'DescribeConfigurationRecorderStatus'],
        ['config', 'StartConfigurationRecorder'],
        ['sns', 'Publish'],
      ]);
      const alerts = await live.alerts();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'HIGH' });
      expect(alerts[0]!.text).toContain('started AWS Config recorder default in us-east-1 again');
      expect(alerts[0]!.text).toContain('aws configservice stop-configuration-recorder --region us-east-1 --configuration-recorder-name default');
    } finally {
      config.destroy();
    }
  }, LIVE_TEST_TIMEOUT_MS);
});
