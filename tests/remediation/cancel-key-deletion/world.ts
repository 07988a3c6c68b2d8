import { CloudTrailClient, type Event as CloudTrailEventSummary } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { cancelKeyDeletion } from '../../../lib/remediation';

export const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** The id KMS calls name the key by (the ARN's last part). */
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const SCHEDULED_AT = '2026-11-02T09:15:00Z';

/** What the kms-key-deletion rule requests for a ScheduleKeyDeletion with a 7-day window. */
export const params = cancelKeyDeletion.parse({ keyArn: KEY_ARN, region: 'eu-west-1', scheduledAt: SCHEDULED_AT, pendingWindowInDays: 7 });

/**
 * Mocked KMS and CloudTrail as the applied paths see them, reset before each test: the key pending deletion,
 * CancelKeyDeletion (answering with `requestId`) and EnableKey succeeding; the event history is each test's own.
 */
export const mockPendingKey = (requestId: string) => {
  const kms = mockClient(KMSClient);
  const cloudtrail = mockClient(CloudTrailClient);
  beforeEach(() => {
    kms.reset();
    cloudtrail.reset();
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_ARN, KeyState: 'PendingDeletion' } });
    kms.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ARN, $metadata: { requestId } });
    kms.on(EnableKeyCommand).resolves({});
  });
  return { kms, cloudtrail };
};

/** One event of LookupEvents' answer, as CloudTrail returns it (the record as a JSON string). */
export const historyEvent = (eventName: string, eventTime: string, extra: Record<string, unknown> = {}): CloudTrailEventSummary => ({
  EventId: `evt-${eventName}-${eventTime}`,
  EventName: eventName,
  EventTime: new Date(eventTime),
  CloudTrailEvent: JSON.stringify({
    eventVersion: '1.08',
    eventTime,
    eventSource: 'kms.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    requestParameters: { keyId: KEY_ARN },
    resources: [{ ARN: KEY_ARN, accountId: '123456789012' }],
    ...extra,
  }),
});
