import { accountOf, str, type CloudTrailRecord } from './record';

/** An EventBridge event as the default bus delivers it to a rule's target. */
export interface EventBridgeEnvelope<D = CloudTrailRecord> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: D;
}

/** EventBridge's `detail-type` for each CloudTrail `eventType`. */
export const DETAIL_TYPES: Readonly<Record<string, string>> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsCloudTrailInsight: 'AWS Insight via CloudTrail',
};

/**
 * How the EventBridge user guide spells the sign-in detail-type ("Signin"). Events on the bus carry "Sign In"
 * (DETAIL_TYPES); the guide's spelling is accepted too, in history and in the deployed sign-in patterns, so an
 * event written either way is never dropped.
 */
export const SIGN_IN_DETAIL_TYPE_AS_DOCUMENTED = 'AWS Console Signin via CloudTrail';

/** Detail-types CloudTrail puts on the bus: what an envelope must carry for trailguard to accept it. */
export const CLOUDTRAIL_DETAIL_TYPES: ReadonlySet<string> = new Set([...Object.values(DETAIL_TYPES), SIGN_IN_DETAIL_TYPE_AS_DOCUMENTED]);

/** `aws.<service>` from `<service>.amazonaws.com`, as EventBridge names CloudTrail sources. */
export const sourceOf = (eventSource: string): string => {
  const dot = eventSource.indexOf('.amazonaws.com');
  return `aws.${dot > 0 ? eventSource.slice(0, dot) : eventSource}`;
};

/** CloudTrail writes eventTime to the second; EventBridge's `time` has the same form. */
const toEventBridgeTime = (eventTime: string): string =>
  eventTime.length > 20 && eventTime[19] === '.' ? `${eventTime.slice(0, 19)}Z` : eventTime;

/**
 * The detail-type EventBridge gives a record, or undefined for event types CloudTrail does not put on the bus
 * (network activity events, `AwsVpceEvent`): those are history, never delivered to a rule.
 */
export const detailTypeOf = (record: CloudTrailRecord): string | undefined => {
  // Records from before eventType existed (eventVersion 1.0x, 2014) still need their sign-ins routed as sign-ins.
  const eventType = record.eventType ?? (record.eventSource === 'signin.amazonaws.com' ? 'AwsConsoleSignIn' : 'AwsApiCall');
  return Object.hasOwn(DETAIL_TYPES, eventType) ? DETAIL_TYPES[eventType] : DETAIL_TYPES_FOLDED.get(String(eventType).toLowerCase());
};

// Some AWS documentation examples (and hand-made history) spell AwsConsoleSignIn as AwsConsoleSignin.
const DETAIL_TYPES_FOLDED = new Map(Object.entries(DETAIL_TYPES).map(([type, detailType]) => [type.toLowerCase(), detailType]));

/**
 * Wraps a CloudTrail record the way the default event bus does. EventBridge gives each event a fresh id; replay
 * uses the record's eventID so output is reproducible and findings can be traced back to the record.
 * Callers check the record's shape first (recordProblem) and that it is delivered at all (detailTypeOf).
 */
export const toEnvelope = (record: CloudTrailRecord, detailType = detailTypeOf(record) ?? DETAIL_TYPES.AwsApiCall!): EventBridgeEnvelope => ({
  version: '0',
  id: record.eventID,
  'detail-type': detailType,
  source: sourceOf(record.eventSource),
  account: accountOf(record),
  time: toEventBridgeTime(record.eventTime),
  region: record.awsRegion,
  resources: [],
  detail: record,
});

/**
 * Undoes what exports of CloudTrail commonly do to a record, before it is checked: log shippers (Logstash, Fluent
 * Bit…) move `eventTime` into their own `@timestamp`, with milliseconds, and SIEM exports write `errorCode` as null
 * or "" for successful calls, where CloudTrail omits it (and the rules' `errorCode: [{exists:false}]` expects it
 * absent).
 */
export const normalizeExportedRecord = (value: Record<string, unknown>): void => {
  if (value.eventTime === undefined) {
    const stamp = value['@timestamp'];
    if (typeof stamp === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(stamp)) value.eventTime = `${stamp.slice(0, 19)}Z`;
  }
  if (value.errorCode === null || value.errorCode === '') delete value.errorCode;
};

/**
 * Why a value is not a CloudTrail record EventBridge could route, or undefined when it is. Only the fields the
 * envelope and the engine rely on are required; everything else is read defensively by the rules.
 */
export const recordProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'record is not a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of ['eventSource', 'eventName', 'eventTime', 'awsRegion', 'eventID'] as const) {
    const fieldValue = str(record[field]);
    if (fieldValue === undefined || fieldValue === '') return `record has no ${field} string`;
  }
  if (record.eventType !== undefined && typeof record.eventType !== 'string') return 'record eventType is not a string';
  return undefined;
};

/**
 * Why a value is not an EventBridge event trailguard can read, or undefined when it is. A CloudTrail
 * detail-type requires a routable record as `detail`; other sources' events pass with any object detail.
 */
export const envelopeProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'EventBridge event is not a JSON object';
  const envelope = value as Record<string, unknown>;
  const detailType = envelope['detail-type'];
  if (typeof detailType !== 'string') return 'EventBridge event has no detail-type string';
  if (typeof envelope.source !== 'string') return 'EventBridge event has no source string';
  const detail = envelope.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return 'EventBridge event has no detail object';
  return CLOUDTRAIL_DETAIL_TYPES.has(detailType) ? recordProblem(detail) : undefined;
};
