import { describeActor, fieldText, firstFieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, isObject, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { paramsFit, restartConfigRecorder } from '../../lib/remediation';
import { defineRule } from '../../lib/rule';

/** Security Hub CloudWatch.9 / CIS v1.4 4.9, complete. */
const CIS_EVENTS = ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'] as const;

const EXTRA_EVENTS = [
  // Deleting the recorder ends recording as surely as stopping it, yet the benchmark lists only the stop.
  'DeleteConfigurationRecorder',
  // Since 2024 these edit the recorder's recording group in place (no PutConfigurationRecorder): Disassociate stops
  // recording the listed resource types, Associate adds types. Same change, same weight as PutConfigurationRecorder.
  'AssociateResourceTypes',
  'DisassociateResourceTypes',
] as const;

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

/** Stopping or deleting leaves the account unrecorded; Put* may only adjust settings. */
const DISABLING: ReadonlySet<string> = new Set(['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel']);

const VERBS: Readonly<Record<string, string>> = {
  StopConfigurationRecorder: 'stopped AWS Config recorder',
  DeleteConfigurationRecorder: 'deleted AWS Config recorder',
  PutConfigurationRecorder: 'changed AWS Config recorder',
  DeleteDeliveryChannel: 'deleted AWS Config delivery channel',
  PutDeliveryChannel: 'changed AWS Config delivery channel',
  AssociateResourceTypes: 'added resource types to AWS Config recorder',
  DisassociateResourceTypes: 'stopped recording resource types with AWS Config recorder',
};

/** `arn:aws:config:<region>:<account>:configuration-recorder/<name>/<id>` → `<name>`. */
const recorderNameFromArn = (arn: unknown): string | undefined => {
  const value = fieldText(arn, 300);
  const match = value === undefined ? null : /:configuration-recorder\/([^/]+)/.exec(value);
  return match?.[1] ?? value;
};

/** What Associate/DisassociateResourceTypes change: the resource types named in the request. */
const resourceTypeFacts = (record: CloudTrailRecord): Record<string, string> => {
  const types = request(record, 'resourceTypes');
  const listed = (Array.isArray(types) ? types : [types]).map((type) => fieldText(type, 80)).filter((type): type is string => type !== undefined);
  if (listed.length === 0) return {};
  const shown = listed.slice(0, 5).join(', ') + (listed.length > 5 ? ` and ${listed.length - 5} more` : '');
  return { [record.eventName === 'DisassociateResourceTypes' ? 'No longer recorded' : 'Now recorded']: shown };
};

/** What a recorder change records: narrowing it hides changes to the excluded resource types. */
const recorderFacts = (record: CloudTrailRecord): Record<string, string> => {
  const facts: Record<string, string> = {};
  const group = request(record, 'configurationRecorder', 'recordingGroup');
  if (isObject(group) && typeof group.allSupported === 'boolean') {
    facts['Records all resource types'] = group.allSupported ? 'yes' : 'no';
  }
  const excluded = get(group, 'exclusionByResourceTypes', 'resourceTypes');
  if (Array.isArray(excluded) && excluded.length > 0) facts['Excluded resource types'] = String(excluded.length);
  const role = fieldText(request(record, 'configurationRecorder', 'roleARN'), 200);
  if (role) facts.Role = role;
  return facts;
};

const channelFacts = (record: CloudTrailRecord): Record<string, string> => {
  const facts: Record<string, string> = {};
  const bucket = fieldText(request(record, 'deliveryChannel', 's3BucketName'), 100);
  if (bucket) facts['Delivers to bucket'] = bucket;
  const topic = fieldText(request(record, 'deliveryChannel', 'snsTopicARN'), 200);
  if (topic) facts['Notifies topic'] = topic;
  return facts;
};

/**
 * Security Hub CloudWatch.9 (CIS v1.4 4.9): a successful change to the AWS Config recorder or delivery channel.
 * Config is the account's change history; an intruder stops it before changing what it would have recorded.
 */
export default defineRule({
  id: 'config.config-change',
  title: 'AWS Config recording changed',
  description:
    'The AWS Config recorder or delivery channel was stopped, deleted or reconfigured: changes after this may go unrecorded.',
  category: 'config-change',
  // HIGH for stopping or deleting (recording ends: a defence-evasion step); MEDIUM for Put* (below), which are
  // usually set-up or tuning but can narrow what is recorded or redirect where it goes.
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('config', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  actions: ['restart-config-recorder'],
  classify: (record) => {
    if (record.eventSource !== 'config.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;

    const resourceTypes = record.eventName.endsWith('ResourceTypes');
    const recorder = resourceTypes || record.eventName.endsWith('ConfigurationRecorder');
    const name = recorder
      ? firstFieldText(request(record, 'configurationRecorderName'), request(record, 'configurationRecorder', 'name')) ??
        recorderNameFromArn(request(record, 'configurationRecorderArn'))
      : firstFieldText(request(record, 'deliveryChannelName'), request(record, 'deliveryChannel', 'name'));
    // Only a stop is undone exactly (start the same recorder); a deleted recorder or channel has no safe redo.
    const restart = record.eventName === 'StopConfigurationRecorder' ? { recorderName: name, region: record.awsRegion } : undefined;
    const remediation = restart && paramsFit(restartConfigRecorder, restart) ? { action: 'restart-config-recorder' as const, params: restart } : undefined;
    const unplanned = restart && !remediation ? 'the event does not name a usable recorder' : undefined;
    return {
      ...(DISABLING.has(record.eventName) ? {} : { severity: 'MEDIUM' as const }),
      resources: resourceList(name),
      summary: `${describeActor(record)} ${VERBS[record.eventName] ?? 'changed AWS Config'} ${name ?? '(unnamed)'}`,
      facts: {
        ...(resourceTypes ? resourceTypeFacts(record) : recorder ? recorderFacts(record) : channelFacts(record)),
        ...(unplanned ? { 'Not reverted': unplanned } : {}),
        ...viaService(record),
      },
      ...(remediation ? { remediation } : {}),
      ...(unplanned ? { notPlanned: { action: 'restart-config-recorder' as const, reason: unplanned } } : {}),
    };
  },
  guidance:
    'A stopped recorder is started again in an enforce stage. Otherwise, if the change was not planned: ' +
    'StartConfigurationRecorder (or PutConfigurationRecorder and ' +
    'PutDeliveryChannel with the previous settings, then start it), and review what changed while recording was off.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.9 in v1.2.0).
  references: {
    cis: ['4.9'],
    securityHub: ['CloudWatch.9'],
    mitre: ['T1562.008'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9'],
  },
});
