import { defineAction } from '../action';
import { REGION_NAME } from '../../cloudtrail/record';
import { ActionParamsError, ParamsReader } from '../params-schema';

/** A KMS key ARN (customer managed keys and multi-Region keys alike); the region is the key's. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** CloudTrail eventIDs are UUIDs; anything of that alphabet is accepted, nothing that could break a command. */
export const CLOUDTRAIL_EVENT_ID = /^[0-9A-Za-z-]{1,128}$/;

/** The key a ScheduleKeyDeletion event named, and when: the key's state before that moment is what is restored. */
export interface CancelKeyDeletionParams {
  readonly keyArn: string;
  /** The key's region (from its ARN): KMS calls go there. */
  readonly region: string;
  /** The event's time: the most recent enable/disable before it tells whether the key was enabled. */
  readonly scheduledAt: string;
  /** The waiting period the event asked for, so the redo command schedules the same. */
  readonly pendingWindowInDays?: number;
  /**
   * The ScheduleKeyDeletion's own eventID. Event history lags EventBridge by minutes: until it shows this event,
   * the calls just before it (a DisableKey) may be missing, so it cannot say the key was enabled.
   */
  readonly eventId?: string;
}

export const cancelKeyDeletion = defineAction<CancelKeyDeletionParams>({
  id: 'cancel-key-deletion',
  description: 'Cancel a scheduled KMS key deletion, and enable the key again only if it was enabled before the schedule',
  permissions: [
    // Read first: a key no longer pending deletion is already compliant.
    { action: 'kms:DescribeKey', resources: ['kms:key'] },
    { action: 'kms:CancelKeyDeletion', resources: ['kms:key'] },
    // KMS leaves a cancelled key disabled; EnableKey only when CloudTrail shows it was enabled before.
    { action: 'kms:EnableKey', resources: ['kms:key'] },
    // LookupEvents supports no resource-level permissions.
    { action: 'cloudtrail:LookupEvents', resources: ['*'] },
  ],
  parse(params) {
    const reader = new ParamsReader('cancel-key-deletion', params, ['keyArn', 'region', 'scheduledAt', 'pendingWindowInDays', 'eventId']);
    const keyArn = reader.string('keyArn', KMS_KEY_ARN);
    const region = reader.string('region', REGION_NAME);
    if (KMS_KEY_ARN.exec(keyArn)?.[1] !== region) throw new ActionParamsError('cancel-key-deletion', 'region', 'must be the region of keyArn');
    const scheduledAt = reader.string('scheduledAt', ISO_TIME);
    const pendingWindowInDays = reader.optionalInteger('pendingWindowInDays', 7, 30);
    const eventId = reader.optionalString('eventId', CLOUDTRAIL_EVENT_ID);
    return {
      keyArn,
      region,
      scheduledAt,
      ...(pendingWindowInDays !== undefined ? { pendingWindowInDays } : {}),
      ...(eventId !== undefined ? { eventId } : {}),
    };
  },
  plan(params) {
    return {
      call: 'kms:CancelKeyDeletion',
      region: params.region,
      keyArn: params.keyArn,
      then: `kms:EnableKey only if the key's last enable/disable in CloudTrail before ${params.scheduledAt} left it enabled`,
    };
  },
  undo(params) {
    return (
      `If the deletion was intended, add an exception for it, then: aws kms schedule-key-deletion --region ${params.region} ` +
      `--key-id ${params.keyArn} --pending-window-in-days ${params.pendingWindowInDays ?? 30}`
    );
  },
});
