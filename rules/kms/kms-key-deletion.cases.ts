import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const MRK_ID = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const MRK_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${MRK_ID}`;
const SCHEDULE_EVENT = '0f6e2a1c-5b7d-4e38-9a21-3c4d5e6f7a8b';

type KmsOverrides = Parameters<typeof serviceCall>[4];

/** KMS names the key in `resources` for every key operation. */
const kms = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  arn = KEY_ARN,
  overrides: KmsOverrides = {},
) =>
  serviceCall('kms.amazonaws.com', eventName, requestParameters, responseElements, {
    resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }],
    ...overrides,
  });

export default [
  {
    name: 'ScheduleKeyDeletion with a 7-day waiting period',
    record: kms(
      'ScheduleKeyDeletion',
      { keyId: KEY_ID, pendingWindowInDays: 7 },
      { keyId: KEY_ARN, deletionDate: 'Nov 9, 2026, 9:15:00 AM', keyState: 'PendingDeletion', pendingWindowInDays: 7 },
      KEY_ARN,
      { eventID: SCHEDULE_EVENT },
    ),
    matches: true,
    findings: [
      {
        category: 'kms-key-deletion',
        severity: 'HIGH',
        resources: [KEY_ARN],
        action: 'cancel-key-deletion',
        // The eventID lets the revert wait for event history to show the schedule before trusting it.
        params: { keyArn: KEY_ARN, region: 'us-east-1', scheduledAt: '2026-11-02T09:15:00Z', pendingWindowInDays: 7, eventId: SCHEDULE_EVENT },
      },
    ],
  },
  {
    name: 'ScheduleKeyDeletion of a multi-Region primary key with replicas',
    record: kms(
      'ScheduleKeyDeletion',
      { keyId: MRK_ARN, pendingWindowInDays: 30 },
      { keyId: MRK_ARN, deletionDate: 'Dec 2, 2026, 9:15:00 AM', keyState: 'PendingReplicaDeletion', pendingWindowInDays: 30 },
      MRK_ARN,
      { userIdentity: identities.assumedRole('KeyAdmin', 'alice'), eventID: SCHEDULE_EVENT },
    ),
    matches: true,
    findings: [
      {
        severity: 'HIGH',
        resources: [MRK_ARN],
        action: 'cancel-key-deletion',
        params: { keyArn: MRK_ARN, region: 'us-east-1', scheduledAt: '2026-11-02T09:15:00Z', pendingWindowInDays: 30, eventId: SCHEDULE_EVENT },
      },
    ],
  },
  {
    name: 'ScheduleKeyDeletion recorded before KMS put the ARN in the record: alerted, not cancelled (no ARN to act on)',
    record: serviceCall('kms.amazonaws.com', 'ScheduleKeyDeletion', { keyId: KEY_ID }, { keyId: KEY_ID, keyState: 'PendingDeletion' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [KEY_ID], action: 'cancel-key-deletion', notPlannedReason: 'does not name the key by ARN' }],
  },
  {
    name: 'DisableKey (MEDIUM: EnableKey undoes it at once)',
    record: kms('DisableKey', { keyId: KEY_ID }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [KEY_ARN], action: 'none' }],
  },
  {
    name: 'DeleteImportedKeyMaterial makes the key unusable at once (addition)',
    record: kms('DeleteImportedKeyMaterial', { keyId: KEY_ID }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [KEY_ARN] }],
  },
  {
    name: 'odd record: DisableKey with no key anywhere',
    record: serviceCall('kms.amazonaws.com', 'DisableKey', null),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'near miss: ScheduleKeyDeletion of a key already pending deletion fails',
    record: kms('ScheduleKeyDeletion', { keyId: KEY_ID, pendingWindowInDays: 7 }, null, KEY_ARN, {
      errorCode: 'KMSInvalidStateException',
      errorMessage: `${KEY_ARN} is pending deletion.`,
    }),
    matches: false,
  },
  {
    name: 'near miss: DisableKey denied (account.unauthorized-api-call reports it)',
    record: kms('DisableKey', { keyId: KEY_ID }, null, KEY_ARN, {
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: kms:DisableKey on resource: ${KEY_ARN}`,
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeKey',
    record: kms('DescribeKey', { keyId: KEY_ID }),
    matches: false,
  },
  {
    name: 'near miss: CancelKeyDeletion undoes a deletion',
    record: kms('CancelKeyDeletion', { keyId: KEY_ID }, { keyId: KEY_ARN }),
    matches: false,
  },
  {
    name: 'near miss: DisableKeyRotation weakens but destroys nothing',
    record: kms('DisableKeyRotation', { keyId: KEY_ID }),
    matches: false,
  },
  {
    name: 'near miss: KMS deleting the key when the waiting period ends (service event)',
    record: {
      ...kms('DeleteKey', null, null),
      userIdentity: { accountId: ACCOUNT, invokedBy: 'kms.amazonaws.com' },
      sourceIPAddress: 'kms.amazonaws.com',
      userAgent: 'kms.amazonaws.com',
      additionalEventData: { keyId: KEY_ID },
      eventType: 'AwsServiceEvent',
      readOnly: false,
    },
    matches: false,
  },
] satisfies readonly RuleCase[];
