import { describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { items, num, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { CLOUDTRAIL_EVENT_ID, cancelKeyDeletion, KMS_KEY_ARN, paramsFit } from '../../lib/remediation';
import { defineRule, type RemediationRequest } from '../../lib/rule';

/** Security Hub CloudWatch.7 / CIS v1.4 4.7, complete. */
const CIS_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'] as const;

/**
 * Deleting a key's imported material makes the key unusable at once, with no waiting period to cancel, and for
 * good unless the owner kept a copy of the material: ScheduleKeyDeletion's effect without its safety net.
 */
const EXTRA_EVENTS = ['DeleteImportedKeyMaterial'] as const;

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

/** The key's ARN when CloudTrail gives one (response or resources), else the id the caller passed. */
const keyOf = (record: CloudTrailRecord): string | undefined => {
  const fromResources = items(record.resources)
    .map((resource) => str(resource.ARN))
    .find((arn) => arn?.includes(':key/'));
  return firstFieldText(response(record, 'keyId'), fromResources, request(record, 'keyId'));
};

/**
 * The cancellation a ScheduleKeyDeletion asks for, from the event only: the key's ARN (responseElements.keyId or
 * resources carry it), its region, the event's time (the prior enabled state is read as of then) and the window.
 */
const cancellation = (record: CloudTrailRecord, key: string | undefined): RemediationRequest | undefined => {
  const keyArn = key !== undefined && KMS_KEY_ARN.test(key) ? key : undefined;
  const window = num(request(record, 'pendingWindowInDays'));
  const params = {
    keyArn,
    region: keyArn ? KMS_KEY_ARN.exec(keyArn)?.[1] : undefined,
    scheduledAt: record.eventTime,
    ...(window !== undefined ? { pendingWindowInDays: window } : {}),
    ...(typeof record.eventID === 'string' && CLOUDTRAIL_EVENT_ID.test(record.eventID) ? { eventId: record.eventID } : {}),
  };
  return paramsFit(cancelKeyDeletion, params) ? { action: 'cancel-key-deletion', params } : undefined;
};

const VERBS: Readonly<Record<string, string>> = {
  DisableKey: 'disabled KMS key',
  ScheduleKeyDeletion: 'scheduled KMS key',
  DeleteImportedKeyMaterial: 'deleted the imported key material of KMS key',
};

/**
 * Security Hub CloudWatch.7 (CIS v1.4 4.7): a customer managed KMS key disabled or scheduled for deletion
 * (AWS managed keys cannot be), plus deletion of imported key material. Whatever the key protects becomes
 * unreadable: the cloud form of ransomware and of destroying evidence.
 */
export default defineRule({
  id: 'kms.kms-key-deletion',
  title: 'KMS key disabled or scheduled for deletion',
  description:
    'A KMS key was disabled, scheduled for deletion or stripped of its key material: data encrypted under it ' +
    'becomes unreadable, and after deletion it is lost for good.',
  category: 'kms-key-deletion',
  // HIGH: deletion destroys data permanently once the waiting period ends, and imported material deletion acts at
  // once. DisableKey is MEDIUM (below): it breaks every use of the key, but EnableKey undoes it immediately.
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('kms', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  actions: ['cancel-key-deletion'],
  classify: (record) => {
    if (record.eventSource !== 'kms.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;

    const key = keyOf(record);
    const keyText = key ?? '(unknown)';
    const window = num(request(record, 'pendingWindowInDays')) ?? num(response(record, 'pendingWindowInDays'));
    const deletionDate = fieldText(response(record, 'deletionDate'), 60);
    const state = fieldText(response(record, 'keyState'), 40);
    const scheduled = record.eventName === 'ScheduleKeyDeletion';
    const remediation = scheduled ? cancellation(record, key) : undefined;
    const unplanned = scheduled && !remediation ? 'the event does not name the key by ARN' : undefined;
    return {
      ...(record.eventName === 'DisableKey' ? { severity: 'MEDIUM' as const } : {}),
      resources: resourceList(key),
      summary: scheduled
        ? `${describeActor(record)} scheduled KMS key ${keyText} for deletion${window !== undefined ? ` in ${window} days` : ''}`
        : `${describeActor(record)} ${VERBS[record.eventName] ?? 'changed KMS key'} ${keyText}`,
      facts: {
        ...(deletionDate ? { 'Deletion date': deletionDate } : {}),
        ...(window !== undefined ? { 'Waiting period': `${window} days` } : {}),
        ...(state ? { 'Key state': state } : {}),
        ...(unplanned ? { 'Not reverted': unplanned } : {}),
        ...viaService(record),
      },
      ...(remediation ? { remediation } : {}),
      ...(unplanned ? { notPlanned: { action: 'cancel-key-deletion' as const, reason: unplanned } } : {}),
    };
  },
  guidance:
    'A scheduled deletion is cancelled in an enforce stage (the key enabled again only if it was before). Otherwise, if ' +
    'the change was not planned: CancelKeyDeletion (then EnableKey if the key was in use) before the deletion date, ' +
    'EnableKey for a disabled key, or ImportKeyMaterial again with the same material; then find out how the caller got kms:* rights.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.7 in v1.2.0).
  references: {
    cis: ['4.7'],
    securityHub: ['CloudWatch.7'],
    mitre: ['T1485', 'T1486'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7'],
  },
});
