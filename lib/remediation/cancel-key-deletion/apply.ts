import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry, type RetryOptions } from '../../aws/retry';
import { get, str } from '../../cloudtrail/record';
import { walkResourceHistory } from '../../aws/event-history';
import type { CancelKeyDeletionParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'cancel-key-deletion';
const CALL = 'kms:CancelKeyDeletion';

/** LookupEvents pages read at most (50 events each; the API allows 2 calls a second per account and region). */
const LOOKUP_PAGE_LIMIT = 5;

/** KMS states from which CancelKeyDeletion brings a key back (a multi-Region primary waits for its replicas). */
const PENDING: ReadonlySet<string> = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

/**
 * Sources: KMS API reference, DescribeKey / CancelKeyDeletion / EnableKey (errors: DependencyTimeoutException,
 * InvalidArnException, KMSInternalException, KMSInvalidStateException, NotFoundException, LimitExceededException),
 * as modelled in @aws-sdk/client-kms.
 */
const CANCEL_KEY_DELETION_CODES: ErrorCodeTables = {
  // Cancelling a key not pending deletion is KMSInvalidStateException, which also covers other states: the state
  // is read first instead, so "not pending" is learned from DescribeKey.
  alreadyCompliant: [],
  // The key is gone (deleted already, or never in this account and region): nothing left to save.
  notApplicable: ['NotFoundException'],
  failureHints: {
    AccessDeniedException:
      'the trail function\'s role may not call KMS on this key (IAM policy, SCP, permissions boundary or the key policy, which must allow the account); the key is still scheduled for deletion',
    KMSInvalidStateException: 'KMS refused the call in the key\'s current state; check it with aws kms describe-key',
    InvalidArnException: 'KMS rejected the key ARN taken from the event (a trailguard bug); the key is still scheduled for deletion',
  },
};

type PriorState =
  | {
      readonly enabled: boolean;
      /** The deciding event is a use of the key (a cryptographic operation), not a change of its state. */
      readonly byUse?: true;
      readonly eventId?: string;
      readonly eventName: string;
      readonly eventTime?: string;
    }
  | { readonly unknown: string };

/**
 * KMS's cryptographic operations (CloudTrail event names). KMS refuses every one of them on a key that is not
 * Enabled (DisabledException, KMSInvalidStateException: the key states table of the KMS developer guide), so one that
 * succeeded proves the key was enabled at that moment. Reads such as DescribeKey or GetKeyPolicy work on a disabled
 * key and prove nothing. A successful ReEncrypt needs both its keys enabled, so it counts for either.
 */
const CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
]);

/** What an earlier successful event left the key's enabled state as; undefined when it does not decide it. */
const enabledAfter = (record: Record<string, unknown>): boolean | undefined => {
  switch (record.eventName) {
    case 'EnableKey':
      return true;
    case 'DisableKey':
    case 'CancelKeyDeletion': // KMS leaves a cancelled key disabled
      return false;
    case 'CreateKey': {
      const enabled = get(record, 'responseElements', 'keyMetadata', 'enabled');
      return typeof enabled === 'boolean' ? enabled : undefined;
    }
    default:
      return undefined;
  }
};

const isKeyUse = (record: Record<string, unknown>): boolean =>
  record.eventSource === 'kms.amazonaws.com' && typeof record.eventName === 'string' && CRYPTO_OPERATIONS.has(record.eventName);

/** The record's time in whole seconds (CloudTrail's precision); NaN when the record has none. */
const secondOf = (record: Record<string, unknown>): number => Math.floor(Date.parse(str(record.eventTime) ?? '') / 1000);

/**
 * Whether the key was enabled just before the ScheduleKeyDeletion, from CloudTrail's event history on the key (90
 * days, this region), read newest first: the most recent successful EnableKey, DisableKey, CancelKeyDeletion or
 * CreateKey decides, and so does the most recent successful cryptographic operation on the key (enabled), which is
 * what a key in use mostly has in its history. Failed calls decide nothing: a Decrypt refused because the key was
 * disabled is no proof of anything. Events of one second come in no known order, so a use only decides once the
 * history has gone past its second: a DisableKey in the same second (a script disabling a key in use, then
 * scheduling its deletion) wins. Event history lags EventBridge by minutes, so with the schedule's eventID only a
 * history that already shows that event may say "enabled": one that does not yet may lack a DisableKey made just
 * before. Anything else (nothing decides, history unreadable or behind) is unknown, and the key stays disabled.
 */
export const priorEnabledState = async (cloudtrail: CloudTrailClient, params: CancelKeyDeletionParams, retry?: RetryOptions): Promise<PriorState> => {
  const decided = (record: Record<string, unknown>, eventId: string | undefined, enabled: boolean, byUse: boolean): PriorState => {
    const eventTime = str(record.eventTime);
    return { enabled, ...(byUse ? { byUse: true as const } : {}), eventName: String(record.eventName), ...(eventId ? { eventId } : {}), ...(eventTime ? { eventTime } : {}) };
  };
  const behind: PriorState = { unknown: `CloudTrail event history does not show this ScheduleKeyDeletion (${params.eventId}) yet, so it may lack the calls just before it` };
  // Without the eventID (params of an older finding) the history is taken as it is.
  let caughtUp = params.eventId === undefined;
  const scheduledSecond = Math.floor(Date.parse(params.scheduledAt) / 1000);
  let use: { readonly state: PriorState; readonly second: number } | undefined;
  const walk = await walkResourceHistory(
    cloudtrail,
    { resourceName: params.keyArn, before: new Date(Date.parse(params.scheduledAt)), pageLimit: LOOKUP_PAGE_LIMIT },
    ({ record, eventId }): PriorState | undefined => {
      if (!caughtUp) {
        if (eventId === params.eventId || record.eventID === params.eventId) caughtUp = true;
        else if (secondOf(record) < scheduledSecond) return behind;
      }
      if (use && secondOf(record) < use.second) return use.state;
      if (record.errorCode !== undefined) return undefined;
      const enabled = enabledAfter(record);
      if (enabled !== undefined) return enabled && !caughtUp ? behind : decided(record, eventId, enabled, false);
      if (!use && isKeyUse(record)) use = { state: decided(record, eventId, true, true), second: secondOf(record) };
      return undefined;
    },
    retry,
  );
  if (walk.kind === 'found') return walk.value;
  if (walk.kind === 'unreadable') return { unknown: `CloudTrail event history could not be read (${describeAwsError(walk.error).errorCode})` };
  if (!caughtUp) return behind;
  // The history ended (or the page limit stopped it) right after the use's second: nothing in it outranked the use.
  if (use) return use.state;
  return walk.exhausted
    ? { unknown: `no enable, disable, creation or successful use of the key in CloudTrail's last 90 days (${walk.read} events read)` }
    : { unknown: `no enable, disable, creation or successful use of the key among its ${walk.read} most recent CloudTrail events` };
};

const enableCommand = (params: CancelKeyDeletionParams): string => `aws kms enable-key --region ${params.region} --key-id ${params.keyArn}`;

/**
 * Takes a key out of its deletion schedule, then puts its enabled state back as it was before the schedule: KMS
 * leaves a cancelled key disabled, so EnableKey follows only when CloudTrail shows the key was enabled. When that
 * cannot be known, the key stays disabled (the safe side) and the alert gives the command to enable it.
 */
const applyCancelKeyDeletion: Applier<CancelKeyDeletionParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, keyArn: params.keyArn };
  let attempts = 0;
  let cancelled = false;
  // KMS calls take the bare key id: the client is in the key's region and only the key's own account may cancel or
  // enable it, so the id names the same key as the ARN, and every KMS implementation reads it.
  const keyId = params.keyArn.slice(params.keyArn.lastIndexOf('/') + 1);
  try {
    const kms = clients.kms(params.region);
    const described = await withRetry(() => kms.send(new DescribeKeyCommand({ KeyId: keyId })), options.retry);
    attempts += described.attempts;
    const state = described.result.KeyMetadata?.KeyState ?? 'unknown';
    if (!PENDING.has(state)) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'kms:DescribeKey', keyState: state, attempts },
        did: `KMS key ${params.keyArn} is no longer scheduled for deletion (state ${state}): nothing was cancelled`,
        undo: '',
      };
    }
    const prior = await priorEnabledState(clients.cloudtrail(params.region), params, options.retry);
    const cancel = await withRetry(() => kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), options.retry);
    attempts += cancel.attempts;
    cancelled = true;
    const requestId = cancel.result.$metadata?.requestId;
    const redoDeletion = `aws kms schedule-key-deletion --region ${params.region} --key-id ${params.keyArn} --pending-window-in-days ${params.pendingWindowInDays ?? 30}`;
    if ('unknown' in prior) {
      return {
        outcome: 'applied',
        detail: { ...detail, ...(requestId ? { requestId } : {}), priorState: 'unknown', priorStateWhy: prior.unknown, enabled: false, attempts },
        did:
          `cancelled the scheduled deletion of KMS key ${params.keyArn}; KMS leaves a cancelled key disabled, and whether it was enabled ` +
          `before the schedule is unknown (${prior.unknown}), so it was left disabled: if it should be in use, ${enableCommand(params)}`,
        undo: `If the deletion was intended, add an exception for it, then: ${redoDeletion}`,
      };
    }
    const at = `${prior.eventTime ? ` at ${prior.eventTime}` : ''}${prior.eventId ? ` (CloudTrail event ${prior.eventId})` : ''}`;
    const source = prior.byUse
      ? `a successful ${prior.eventName}${at}, which KMS allows only on an enabled key, and no enable or disable after it`
      : `its last ${prior.eventName}${at}`;
    if (!prior.enabled) {
      return {
        outcome: 'applied',
        detail: { ...detail, ...(requestId ? { requestId } : {}), priorState: 'Disabled', priorStateEvent: prior.eventId ?? prior.eventName, enabled: false, attempts },
        did: `cancelled the scheduled deletion of KMS key ${params.keyArn}; it stays disabled, as it was before the schedule (${source})`,
        undo: `If the deletion was intended, add an exception for it, then: ${redoDeletion}`,
      };
    }
    const enable = await withRetry(() => kms.send(new EnableKeyCommand({ KeyId: keyId })), options.retry);
    attempts += enable.attempts;
    return {
      outcome: 'applied',
      detail: { ...detail, ...(requestId ? { requestId } : {}), priorState: 'Enabled', priorStateEvent: prior.eventId ?? prior.eventName, enabled: true, attempts },
      did: `cancelled the scheduled deletion of KMS key ${params.keyArn} and enabled it again, as it was before the schedule (${source})`,
      undo:
        `If the deletion was intended, add an exception for it, then: aws kms disable-key --region ${params.region} --key-id ${params.keyArn} && ${redoDeletion}`,
    };
  } catch (error) {
    if (hasErrorCode(error, CANCEL_KEY_DELETION_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the key no longer exists' } };
    }
    const failed = failedResult(ACTION, { ...detail, ...(cancelled ? { cancelled: true, call: 'kms:EnableKey' } : {}) }, error, CANCEL_KEY_DELETION_CODES.failureHints);
    // The deletion is off but the key is still disabled, though it was enabled before: a person must enable it.
    return cancelled
      ? { ...failed, did: `cancelled the scheduled deletion of KMS key ${params.keyArn}, but could not enable it again as it was before the schedule: ${enableCommand(params)}` }
      : failed;
  }
};

export const cancelKeyDeletionApplier: ActionApplier<CancelKeyDeletionParams> = {
  id: 'cancel-key-deletion',
  clients: { kms: KMSClient, cloudtrail: CloudTrailClient },
  codes: CANCEL_KEY_DELETION_CODES,
  apply: applyCancelKeyDeletion,
};
