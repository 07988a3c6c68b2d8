import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { actorOf, get, isObject, items, str, succeeded, type CloudTrailRecord, type JsonObject } from '../../lib/cloudtrail/record';
import { trailHomeRegion } from '../../lib/remediation';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

const EVENT_NAMES = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StopLogging', 'PutEventSelectors'] as const;
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
 */
const BASE_SEVERITY: Readonly<Record<string, Severity>> = {
  StopLogging: 'CRITICAL',
  DeleteTrail: 'CRITICAL',
  PutEventSelectors: 'HIGH',
  UpdateTrail: 'HIGH',
  CreateTrail: 'MEDIUM',
};

const VERBS: Readonly<Record<string, string>> = {
  StopLogging: 'stopped logging for',
  DeleteTrail: 'deleted',
  PutEventSelectors: 'changed the event selectors of',
  UpdateTrail: 'updated',
  CreateTrail: 'created',
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

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const base = BASE_SEVERITY[record.eventName];
  if (base === undefined) return null;

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
  title: 'CloudTrail trail changed or stopped',
  description:
    'A trail was stopped, deleted, re-pointed or had its event selectors changed. Blinding the audit log is ' +
    'the usual first step before an attacker does anything else.',
  category: 'cloudtrail-tampering',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('cloudtrail', [...EVENT_NAMES]),
  actions: ['restart-logging'],
  classify,
  guidance:
    'StopLogging is reverted by StartLogging on the trail. For deletions and configuration changes, restore the ' +
    'trail from infrastructure code, confirm logs still reach the expected bucket, and look for the gap in the ' +
    'logs: what happened while the trail was blind is what the change was for.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: {
    cis: ['4.5'],
    securityHub: ['CloudWatch.5'],
    mitre: ['T1562.008'],
    stratus: ['aws.defense-evasion.cloudtrail-delete', 'aws.defense-evasion.cloudtrail-stop', 'aws.defense-evasion.cloudtrail-event-selectors'],
  },
});
