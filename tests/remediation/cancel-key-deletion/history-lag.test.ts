import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletion } from '../../../lib/remediation';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { historyEvent, KEY_ARN, mockPendingKey, SCHEDULED_AT } from './world';

// EventBridge delivers the ScheduleKeyDeletion within seconds; event history shows calls minutes later. A history
// that does not show the schedule yet may lack a DisableKey made just before it: it may not say "enabled".

const { kms, cloudtrail } = mockPendingKey(REQUEST_ID);

const SCHEDULE_EVENT = '0f6e2a1c-5b7d-4e38-9a21-3c4d5e6f7a8b';
const withEventId = cancelKeyDeletion.parse({ keyArn: KEY_ARN, region: 'eu-west-1', scheduledAt: SCHEDULED_AT, pendingWindowInDays: 7, eventId: SCHEDULE_EVENT });
const apply = () => cancelKeyDeletionApplier.apply(withEventId, createAwsClients(), instantRetry());
const theSchedule = () => ({ ...historyEvent('ScheduleKeyDeletion', SCHEDULED_AT), EventId: SCHEDULE_EVENT });

describe('cancel-key-deletion when event history lags behind the event', () => {
  test('history not showing the schedule yet: an older Decrypt does not decide, the key stays disabled', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [historyEvent('Decrypt', '2026-11-02T09:10:00Z')] });

    // Act
    const result = await apply();

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'unknown', enabled: false } });
    expect(result.did).toContain(`CloudTrail event history does not show this ScheduleKeyDeletion (${SCHEDULE_EVENT}) yet`);
    expect(result.did).toContain(`aws kms enable-key --region eu-west-1 --key-id ${KEY_ARN}`);
  });

  test('history not showing the schedule yet and no other event: unknown for that reason', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });

    // Act
    const result = await apply();

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result.detail).toMatchObject({ priorState: 'unknown', priorStateWhy: expect.stringContaining('does not show this ScheduleKeyDeletion') });
  });

  test('history showing the schedule: the Decrypt before it decides, the key is enabled again', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [theSchedule(), historyEvent('Decrypt', '2026-11-02T09:10:00Z')] });

    // Act
    const result = await apply();

    // Assess
    expect(kms).toHaveReceivedCommandTimes(EnableKeyCommand, 1);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Enabled', enabled: true } });
  });

  test('a DisableKey before the schedule decides even while history lags: disabled is the safe side anyway', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [historyEvent('DisableKey', SCHEDULED_AT), historyEvent('Decrypt', '2026-11-02T09:10:00Z')] });

    // Act
    const result = await apply();

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Disabled', enabled: false } });
  });
});
