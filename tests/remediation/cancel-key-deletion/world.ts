import type { Event as CloudTrailEventSummary } from '@aws-sdk/client-cloudtrail';
import { cancelKeyDeletion } from '../../../lib/remediation';

export const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
/** The id KMS calls name the key by (the ARN's last part). */
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const SCHEDULED_AT = '2026-11-02T09:15:00Z';

/** What the kms-key-deletion rule requests for a ScheduleKeyDeletion with a 7-day window. */
export const params = cancelKeyDeletion.parse({ keyArn: KEY_ARN, region: 'eu-west-1', scheduledAt: SCHEDULED_AT, pendingWindowInDays: 7 });

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
