import { fieldText, member, requestMember } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { actorOf, get, isObject, items, str, succeeded, type CloudTrailRecord, type JsonObject } from '../../lib/cloudtrail/record';
import { trailHomeRegion } from '../../lib/remediation';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

const EVENT_NAMES = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StopLogging', 'PutEventSelectors', 'StopEventDataStoreIngestion', 'DeleteEventDataStore', 'UpdateEventDataStore'] as const;
/** CloudTrail Lake: calls on an event data store, not a trail. */
const LAKE_EVENT_NAMES: ReadonlySet<string> = new Set(['StopEventDataStoreIngestion', 'DeleteEventDataStore', 'UpdateEventDataStore']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/*
 * Severity by what the change does to the audit trail:
 * - StopLogging and DeleteTrail end logging for the trail: CRITICAL (attackers do this first).
 * - PutEventSelectors that leave no management write events logged (every basic selector excludes management
 *   events or logs reads only; no advanced selector keeps management writes) silence the trail just as well while
 *   it still reports "logging": CRITICAL. Other selector changes: HIGH.
 * - UpdateTrail can redirect logs to another bucket or account: HIGH. One that turns off isMultiRegionTrail (every
 *   other region goes unlogged), includeGlobalServiceEvents (IAM, STS and sign-in events go unlogged) or
 *   isOrganizationTrail (every member account goes unlogged) blinds the trail as surely as StopLogging does for
 *   those events, while the trail still reports "logging": CRITICAL.
 * - CreateTrail adds logging; the risk is a copy of the logs going somewhere unexpected: MEDIUM.
 * - CloudTrail Lake: an event data store that stops ingesting or is deleted (its events go after a 7-day wait) no
 *   longer keeps the record a query would search: HIGH. UpdateEventDataStore only when it turns termination
 *   protection off (the step before deleting it): HIGH. A shorter retention cannot be told from the record (it
 *   gives the new period, not the old one), so other updates are not reported.
 */
const BASE_SEVERITY: Readonly<Record<string, Severity>> = {
  StopLogging: 'CRITICAL',
  DeleteTrail: 'CRITICAL',
  PutEventSelectors: 'HIGH',
  UpdateTrail: 'HIGH',
  CreateTrail: 'MEDIUM',
  StopEventDataStoreIngestion: 'HIGH',
  DeleteEventDataStore: 'HIGH',
  UpdateEventDataStore: 'HIGH',
};

const VERBS: Readonly<Record<string, string>> = {
  StopLogging: 'stopped logging for',
  DeleteTrail: 'deleted',
  PutEventSelectors: 'changed the event selectors of',
  UpdateTrail: 'updated',
  CreateTrail: 'created',
  StopEventDataStoreIngestion: 'stopped ingestion into',
  DeleteEventDataStore: 'deleted',
  UpdateEventDataStore: 'turned termination protection off for',
};

/** Whether a basic event selector still logs management write events (defaults: All, management included). */
const basicKeepsWrites = (selector: JsonObject): boolean =>
  selector.includeManagementEvents !== false && str(selector.readWriteType) !== 'ReadOnly';

/** The values of one operator (`equals`, `notEquals`, `startsWith`…) of an advanced selector's field condition. */
const conditionValues = (field: JsonObject | undefined, operator: string): unknown[] => {
  const values = field?.[operator];
  return Array.isArray(values) ? values : typeof values === 'string' ? [values] : [];
};

/**
 * Whether an advanced selector still logs every management write event: it selects Management, does not narrow
 * readOnly to reads (`equals ["true"]` or `notEquals ["false"]`), and does not narrow the event sources or names to
 * a chosen few (`equals` / `startsWith` on eventSource or eventName). Excluding some sources (`notEquals`, as for
 * KMS or RDS Data API noise) still keeps the rest.
 */
const advancedKeepsWrites = (selector: JsonObject): boolean => {
  const fields = items(selector.fieldSelectors);
  const field = (name: string): JsonObject | undefined => fields.find((candidate) => candidate.field === name);
  const category = field('eventCategory');
  const readOnly = field('readOnly');
  const onlyReads = conditionValues(readOnly, 'equals').includes('true') || conditionValues(readOnly, 'notEquals').includes('false');
  const narrowed = ['eventSource', 'eventName'].some((name) =>
    ['equals', 'startsWith'].some((operator) => conditionValues(field(name), operator).length > 0),
  );
  return conditionValues(category, 'equals').includes('Management') && !onlyReads && !narrowed;
};

/** True when the new selectors log no management write events; undefined when the request does not say. */
const silencesManagementWrites = (record: CloudTrailRecord): boolean | undefined => {
  const request = record.requestParameters;
  const basic = get(request, 'eventSelectors');
  const advanced = get(request, 'advancedEventSelectors');
  if (!Array.isArray(basic) && !Array.isArray(advanced)) return undefined;
  const keeps = items(basic).some(basicKeepsWrites) || items(advanced).some(advancedKeepsWrites);
  return !keeps;
};

/** A boolean request flag written as a JSON boolean or, in hand-made history, as a string. */
const flagOff = (value: unknown): boolean => value === false || value === 'false';

/** What an UpdateTrail request stops the trail from logging (the request names only the settings it changes). */
const coverageTurnedOff = (record: CloudTrailRecord): string[] => {
  const request = record.requestParameters;
  const off: string[] = [];
  if (flagOff(get(request, 'isMultiRegionTrail'))) off.push('every region but the trail\'s home region (isMultiRegionTrail false)');
  if (flagOff(get(request, 'includeGlobalServiceEvents'))) off.push('global services: IAM, STS, sign-in (includeGlobalServiceEvents false)');
  if (flagOff(get(request, 'isOrganizationTrail'))) off.push('every member account of the organization (isOrganizationTrail false)');
  return off;
};

const trailOf = (record: CloudTrailRecord): string | undefined => {
  const name = str(get(record.requestParameters, 'name')) ?? str(get(record.requestParameters, 'trailName'));
  return name?.trim() || undefined;
};

/** A Lake call: the event data store it names (ARN or id), in the request or, for updates, the response. */
const classifyLake = (record: CloudTrailRecord, severity: Severity): FindingDraft | null => {
  if (record.eventName === 'UpdateEventDataStore' && !flagOff(requestMember(record, 'terminationProtectionEnabled'))) return null;
  const store = fieldText(requestMember(record, 'eventDataStore'), 300) ?? fieldText(member(record.responseElements, 'eventDataStoreArn'), 300);
  const retention = member(record.responseElements, 'retentionPeriod') ?? requestMember(record, 'retentionPeriod');
  return {
    severity,
    resources: store ? [store] : [],
    summary: `${actorOf(record)} ${VERBS[record.eventName]} CloudTrail Lake event data store ${store ?? '(unnamed)'}`,
    facts: typeof retention === 'number' ? { 'Retention (days)': String(retention) } : {},
  };
};

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const base = BASE_SEVERITY[record.eventName];
  if (base === undefined) return null;
  if (LAKE_EVENT_NAMES.has(record.eventName)) return classifyLake(record, base);

  const trail = trailOf(record);
  const trailArn = str(get(record.responseElements, 'trailARN'));
  const facts: Record<string, string> = {};
  let severity = base;
  if (record.eventName === 'PutEventSelectors') {
    const silenced = silencesManagementWrites(record);
    if (silenced) severity = 'CRITICAL';
    facts['Management write events'] = silenced === undefined ? 'not recorded' : silenced ? 'NO LONGER LOGGED' : 'still logged';
  }
  if (record.eventName === 'UpdateTrail') {
    const narrowed = coverageTurnedOff(record);
    if (narrowed.length > 0) {
      severity = 'CRITICAL';
      facts['Logging turned off for'] = narrowed.join('; ');
    }
  }
  const bucket = str(get(record.requestParameters, 's3BucketName'));
  if (bucket) facts['S3 bucket'] = bucket;
  const response = isObject(record.responseElements) ? record.responseElements : {};
  if (typeof response.isMultiRegionTrail === 'boolean') facts['Multi-region'] = String(response.isMultiRegionTrail);

  let remediation: FindingDraft['remediation'];
  if (record.eventName === 'StopLogging') {
    const region = trail ? trailHomeRegion(trail, record.awsRegion) : undefined;
    if (trail && region && REGION.test(region)) {
      remediation = { action: 'restart-logging', params: { trail, region } };
    } else {
      facts['Not reverted'] = 'the event does not name the trail and its home region';
    }
  }

  const resource = trailArn ?? trail;
  return {
    severity,
    resources: resource ? [resource] : [],
    summary: `${actorOf(record)} ${VERBS[record.eventName]} trail ${resource ?? '(unnamed)'}`,
    facts,
    ...(remediation ? { remediation } : {}),
  };
};

export default defineRule({
  id: 'cloudtrail.cloudtrail-tampering',
  title: 'CloudTrail trail or Lake event data store changed or stopped',
  description:
    'A trail was stopped, deleted, re-pointed or had its event selectors changed, or a CloudTrail Lake event data ' +
    'store stopped ingesting, was deleted or lost its termination protection. Blinding the audit log is the usual ' +
    'first step before an attacker does anything else.',
  category: 'cloudtrail-tampering',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('cloudtrail', [...EVENT_NAMES]),
  actions: ['restart-logging'],
  classify,
  guidance:
    'StopLogging is reverted by StartLogging on the trail. For deletions and configuration changes, restore the ' +
    'trail from infrastructure code, confirm logs still reach the expected bucket, and look for the gap in the ' +
    'logs: what happened while the trail was blind is what the change was for. An event data store is not reverted: ' +
    'start its ingestion again (aws cloudtrail start-event-data-store-ingestion), or restore a deleted one within ' +
    'its 7-day wait (aws cloudtrail restore-event-data-store).',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: {
    cis: ['4.5'],
    securityHub: ['CloudWatch.5'],
    mitre: ['T1562.008'],
    stratus: ['aws.defense-evasion.cloudtrail-delete', 'aws.defense-evasion.cloudtrail-stop', 'aws.defense-evasion.cloudtrail-event-selectors'],
  },
});
