import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, apiCall, identities } from '../../tests/support/records';

const TRAIL = 'management-events';
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${TRAIL}`;
const EU_TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-audit`;
const BUCKET = `aws-cloudtrail-logs-${ACCOUNT}-1a2b3c4d`;
const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
const EVENT_DATA_STORE = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE`;

const cloudtrail = (eventName: string, requestParameters: Record<string, unknown> | null, responseElements: Record<string, unknown> | null = null, extra = {}) =>
  apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName, requestParameters, responseElements, ...extra });

const trailResponse = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  s3BucketName: BUCKET,
  includeGlobalServiceEvents: true,
  isMultiRegionTrail: true,
  trailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}`,
  logFileValidationEnabled: true,
  isOrganizationTrail: false,
  ...extra,
});

export default [
  {
    name: 'StopLogging by trail ARN',
    record: cloudtrail('StopLogging', { name: TRAIL_ARN }),
    matches: true,
    findings: [{ category: 'cloudtrail-tampering', severity: 'CRITICAL', resources: [TRAIL_ARN], action: 'restart-logging', params: { trail: TRAIL_ARN, region: 'us-east-1' } }],
  },
  {
    name: 'StopLogging by trail name (home region is the event region)',
    record: cloudtrail('StopLogging', { name: TRAIL }, null, { awsRegion: 'us-west-2' }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL], action: 'restart-logging', params: { trail: TRAIL, region: 'us-west-2' } }],
  },
  {
    name: 'StopLogging of a trail homed in another region (region from the ARN)',
    record: cloudtrail('StopLogging', { name: EU_TRAIL_ARN }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [EU_TRAIL_ARN], action: 'restart-logging', params: { trail: EU_TRAIL_ARN, region: 'eu-west-1' } }],
  },
  {
    name: 'StopLogging with null requestParameters: alert without a revert',
    record: cloudtrail('StopLogging', null),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [], action: 'none' }],
  },
  {
    name: 'DeleteTrail',
    record: cloudtrail('DeleteTrail', { name: TRAIL_ARN }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN], action: 'none' }],
  },
  {
    name: 'UpdateTrail re-points the trail to another bucket',
    record: cloudtrail('UpdateTrail', { name: TRAIL, s3BucketName: 'audit-archive-444455556666' }, trailResponse(TRAIL, { s3BucketName: 'audit-archive-444455556666' })),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [TRAIL_ARN], action: 'none' }],
  },
  {
    name: 'CreateTrail',
    record: cloudtrail('CreateTrail', { name: 'copy-trail', s3BucketName: BUCKET, isMultiRegionTrail: true }, trailResponse('copy-trail')),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/copy-trail`] }],
  },
  {
    name: 'PutEventSelectors drops management events (Stratus Red Team technique)',
    record: cloudtrail(
      'PutEventSelectors',
      { trailName: TRAIL, eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: [] }], excludeManagementEventSources: [] }] },
      { trailARN: TRAIL_ARN, eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values: [] }], excludeManagementEventSources: [] }] },
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN], action: 'none' }],
  },
  {
    name: 'PutEventSelectors with advanced selectors that keep only data events',
    record: cloudtrail(
      'PutEventSelectors',
      { trailName: TRAIL, advancedEventSelectors: [{ name: 'S3 data only', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }] },
      { trailARN: TRAIL_ARN, advancedEventSelectors: [{ name: 'S3 data only', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }] }] },
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN] }],
  },
  {
    name: 'PutEventSelectors that keeps management events',
    record: cloudtrail(
      'PutEventSelectors',
      { trailName: TRAIL, eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }] },
      { trailARN: TRAIL_ARN, eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }] },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [TRAIL_ARN] }],
  },
  {
    name: 'UpdateTrail turns off isMultiRegionTrail: every other region goes unlogged (CRITICAL)',
    record: cloudtrail('UpdateTrail', { name: TRAIL_ARN, isMultiRegionTrail: false }, trailResponse(TRAIL, { isMultiRegionTrail: false })),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN], action: 'none' }],
  },
  {
    name: 'UpdateTrail turns off includeGlobalServiceEvents from the console: IAM and sign-in go unlogged (CRITICAL)',
    record: cloudtrail('UpdateTrail', { name: TRAIL, includeGlobalServiceEvents: false }, trailResponse(TRAIL, { includeGlobalServiceEvents: false }), {
      userAgent: 'AWS Internal',
      sessionCredentialFromConsole: 'true',
    }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN] }],
  },
  {
    name: 'UpdateTrail turns an organization trail into an account trail: member accounts go unlogged (CRITICAL)',
    record: cloudtrail('UpdateTrail', { name: ORG_TRAIL_ARN, isOrganizationTrail: false }, trailResponse('org-trail', { isOrganizationTrail: false }), {
      userIdentity: identities.assumedRole('OrgAdmin', 'mallory'),
    }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [ORG_TRAIL_ARN] }],
  },
  {
    name: 'UpdateTrail that makes a single-region trail multi-region (widening stays HIGH)',
    record: cloudtrail('UpdateTrail', { name: TRAIL, isMultiRegionTrail: true, includeGlobalServiceEvents: true }, trailResponse(TRAIL)),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [TRAIL_ARN] }],
  },
  {
    name: 'PutEventSelectors with advanced selectors logging management reads only (readOnly notEquals false)',
    record: cloudtrail(
      'PutEventSelectors',
      { trailName: TRAIL, advancedEventSelectors: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', notEquals: ['false'] }] }] },
      { trailARN: TRAIL_ARN, advancedEventSelectors: [{ name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', notEquals: ['false'] }] }] },
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN] }],
  },
  {
    name: 'PutEventSelectors with advanced selectors keeping management events of one service only',
    record: cloudtrail(
      'PutEventSelectors',
      { trailName: TRAIL, advancedEventSelectors: [{ name: 'KMS only', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', equals: ['kms.amazonaws.com'] }] }] },
      { trailARN: TRAIL_ARN, advancedEventSelectors: [{ name: 'KMS only', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', equals: ['kms.amazonaws.com'] }] }] },
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [TRAIL_ARN] }],
  },
  {
    name: 'PutEventSelectors with advanced selectors excluding KMS and RDS Data API noise (management writes still logged)',
    record: cloudtrail(
      'PutEventSelectors',
      {
        trailName: TRAIL,
        advancedEventSelectors: [
          { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }, { field: 'eventSource', notEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] }] },
          { name: 'S3 writes', fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }, { field: 'readOnly', equals: ['false'] }] },
        ],
      },
      { trailARN: TRAIL_ARN },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [TRAIL_ARN] }],
  },
  {
    name: 'StartLogging (what the responder itself does)',
    record: cloudtrail('StartLogging', { name: TRAIL_ARN }, null, { userIdentity: identities.responder('prod', 'cloudtrail') }),
    matches: false,
  },
  {
    name: 'StartLogging by a person',
    record: cloudtrail('StartLogging', { name: TRAIL_ARN }),
    matches: false,
  },
  {
    name: 'DescribeTrails (read-only)',
    record: cloudtrail('DescribeTrails', { trailNameList: [], includeShadowTrails: true }),
    matches: false,
  },
  {
    name: 'GetTrailStatus (read-only)',
    record: cloudtrail('GetTrailStatus', { name: TRAIL_ARN }),
    matches: false,
  },
  {
    name: 'failed StopLogging (TrailNotFoundException)',
    record: cloudtrail('StopLogging', { name: 'no-such-trail' }, null, {
      errorCode: 'TrailNotFoundException',
      errorMessage: `Unknown trail: arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/no-such-trail for the user: ${ACCOUNT}`,
    }),
    matches: false,
  },
  {
    name: 'denied StopLogging (unauthorized-api-call reports it)',
    record: cloudtrail('StopLogging', { name: TRAIL_ARN }, null, {
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: cloudtrail:StopLogging on resource: ${TRAIL_ARN} because no identity-based policy allows the cloudtrail:StopLogging action`,
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'CloudTrail Lake event data store stops ingesting (HIGH, not reverted)',
    record: cloudtrail('StopEventDataStoreIngestion', { eventDataStore: EVENT_DATA_STORE }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [EVENT_DATA_STORE], action: 'none' }],
  },
  {
    name: 'CloudTrail Lake event data store deleted, named by id',
    record: cloudtrail('DeleteEventDataStore', { eventDataStore: 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE'], action: 'none' }],
  },
  {
    name: 'CloudTrail Lake event data store loses its termination protection',
    record: cloudtrail('UpdateEventDataStore', { eventDataStore: EVENT_DATA_STORE, terminationProtectionEnabled: false }, { eventDataStoreArn: EVENT_DATA_STORE, name: 'audit-lake', status: 'ENABLED', retentionPeriod: 2557, terminationProtectionEnabled: false }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [EVENT_DATA_STORE], action: 'none' }],
  },
  {
    name: 'near miss: CloudTrail Lake event data store renamed, protection kept',
    record: cloudtrail('UpdateEventDataStore', { eventDataStore: EVENT_DATA_STORE, name: 'audit-lake-2' }, { eventDataStoreArn: EVENT_DATA_STORE, name: 'audit-lake-2', status: 'ENABLED', retentionPeriod: 2557, terminationProtectionEnabled: true }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: deleting a protected event data store refused',
    record: cloudtrail('DeleteEventDataStore', { eventDataStore: EVENT_DATA_STORE }, null, { errorCode: 'EventDataStoreTerminationProtectedException', errorMessage: 'Event data store is termination-protected.' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
