import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { cloudTrailError, instantRetry, REQUEST_ID } from '../support';
import { historyEvent, KEY_ARN, KEY_ID, mockPendingKey, params, SCHEDULED_AT } from './world';

const { kms, cloudtrail } = mockPendingKey(REQUEST_ID);

describe('cancel-key-deletion applied', () => {
  test('the key was enabled before the schedule (its last EnableKey): deletion cancelled, key enabled again', async () => {
    // Prepare: newest first, as LookupEvents answers; a failed DisableKey and reads in between decide nothing.
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [
        historyEvent('DisableKey', '2026-11-02T09:10:00Z', { errorCode: 'AccessDeniedException' }),
        historyEvent('DescribeKey', '2026-11-02T09:00:00Z'),
        historyEvent('EnableKey', '2026-10-30T12:00:00Z'),
        historyEvent('DisableKey', '2026-10-29T12:00:00Z'),
      ],
    });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    const lookup = cloudtrail.commandCalls(LookupEventsCommand)[0]!.args[0].input;
    expect(lookup.LookupAttributes).toEqual([{ AttributeKey: 'ResourceName', AttributeValue: KEY_ARN }]);
    expect(lookup.EndTime).toEqual(new Date(Date.parse(SCHEDULED_AT) + 1000));
    expect(kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: KEY_ID });
    expect(kms).toHaveReceivedCommandWith(CancelKeyDeletionCommand, { KeyId: KEY_ID });
    expect(kms).toHaveReceivedCommandWith(EnableKeyCommand, { KeyId: KEY_ID });
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { call: 'kms:CancelKeyDeletion', keyArn: KEY_ARN, priorState: 'Enabled', enabled: true, requestId: REQUEST_ID, attempts: 3 },
    });
    expect(result.did).toBe(
      `cancelled the scheduled deletion of KMS key ${KEY_ARN} and enabled it again, as it was before the schedule (its last EnableKey at 2026-10-30T12:00:00Z (CloudTrail event evt-EnableKey-2026-10-30T12:00:00Z))`,
    );
    expect(result.undo).toContain(`aws kms disable-key --region eu-west-1 --key-id ${KEY_ARN} && aws kms schedule-key-deletion --region eu-west-1 --key-id ${KEY_ARN} --pending-window-in-days 7`);
  });

  test('the key was disabled before the schedule (DisableKey, then the schedule): cancelled, left disabled', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [historyEvent('ScheduleKeyDeletion', SCHEDULED_AT), historyEvent('DisableKey', '2026-11-02T09:14:00Z'), historyEvent('EnableKey', '2026-10-01T00:00:00Z')],
    });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Disabled', enabled: false } });
    expect(result.did).toContain('it stays disabled, as it was before the schedule (its last DisableKey at 2026-11-02T09:14:00Z');
    expect(result.undo).toBe(`If the deletion was intended, add an exception for it, then: aws kms schedule-key-deletion --region eu-west-1 --key-id ${KEY_ARN} --pending-window-in-days 7`);
  });

  test('a key created enabled and never toggled: CreateKey decides, enabled again', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [historyEvent('CreateKey', '2026-09-01T00:00:00Z', { responseElements: { keyMetadata: { keyId: KEY_ARN, enabled: true, keyState: 'Enabled' } } })],
    });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).toHaveReceivedCommandTimes(EnableKeyCommand, 1);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Enabled' } });
  });

  test('events after the schedule are ignored: an EnableKey later than the schedule does not count', async () => {
    // Prepare: the later EnableKey (same second + 0.5 s is still inside the EndTime bound) is newer than the schedule.
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [historyEvent('EnableKey', '2026-11-02T09:15:00.500Z'), historyEvent('DisableKey', '2026-11-01T00:00:00Z')],
    });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ detail: { priorState: 'Disabled' } });
  });

  test('nothing in the history decides it (paged to the end): cancelled, left disabled, the alert gives the enable command', async () => {
    // Prepare
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [historyEvent('DescribeKey', '2026-11-02T09:00:00Z')], NextToken: 'page-2' })
      .resolves({ Events: [historyEvent('Decrypt', '2026-11-01T09:00:00Z', { errorCode: 'DisabledException' })] });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 2);
    expect(cloudtrail.commandCalls(LookupEventsCommand)[1]!.args[0].input.NextToken).toBe('page-2');
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'unknown', enabled: false } });
    expect(result.did).toContain('whether it was enabled before the schedule is unknown (no enable, disable, creation or successful use of the key in CloudTrail\'s last 90 days (2 events read))');
    expect(result.did).toContain(`aws kms enable-key --region eu-west-1 --key-id ${KEY_ARN}`);
  });

  test('the event history cannot be read (denied): the deletion is still cancelled, the key left disabled, and the alert says why', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).rejects(cloudTrailError('AccessDeniedException', 400));

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'unknown', priorStateWhy: 'CloudTrail event history could not be read (AccessDeniedException)' } });
  });
});
