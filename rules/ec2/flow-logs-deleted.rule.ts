import { describeActor, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { logGroupOf } from '../../lib/ec2/flow-logs';
import { get, succeeded, type CloudTrailRecord, type JsonObject } from '../../lib/cloudtrail/record';
import { paramsFit, recreateFlowLogs } from '../../lib/remediation';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';

const FLOW_LOG_ID = /^fl-[0-9a-f]{8,17}$/;

/**
 * The flow log ids anywhere in the request: EC2 records DeleteFlowLogs in its newer request shape
 * (`{ DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-…', tag: 1 } } }`, a list when several) and SDKs that
 * record the plain `flowLogIds` list; walking the values reads both.
 */
const flowLogIds = (value: unknown, found: Set<string> = new Set(), depth = 0): Set<string> => {
  if (depth > 6 || found.size >= 50) return found;
  if (typeof value === 'string') {
    if (FLOW_LOG_ID.test(value)) found.add(value);
  } else if (Array.isArray(value)) {
    for (const entry of value) flowLogIds(entry, found, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value as JsonObject)) flowLogIds(entry, found, depth + 1);
  }
  return found;
};

/**
 * The revert: DeleteFlowLogs names only flow-log ids, so only the flow logs the stage declares (flowLogs param) for
 * the event's region can be put back, those that are no longer in place.
 */
const recreation = (record: CloudTrailRecord, ids: readonly string[], context: RuleContext): Pick<FindingDraft, 'remediation' | 'notPlanned' | 'facts'> => {
  // An entry belongs to its account and region, absent: the event's (a central stage requires both, lib/config.ts).
  // A log group entry belongs to its group's region and account (CreateFlowLogs there passes a role of that account).
  const declared = (context.remediationSettings?.flowLogs ?? []).filter(
    (flowLog) =>
      (flowLog.region ?? record.awsRegion) === record.awsRegion &&
      (flowLog.account ?? logGroupOf(flowLog.destination)?.account ?? record.recipientAccountId) === record.recipientAccountId,
  );
  const notPlanned = (reason: string) => ({ notPlanned: { action: 'recreate-flow-logs' as const, reason }, facts: { 'Not reverted': reason } });
  if (declared.length === 0) {
    return notPlanned(
      `the stage declares no flow logs for account ${record.recipientAccountId} in ${record.awsRegion} (flowLogs param): what was deleted cannot be recreated from the event`,
    );
  }
  const params = { region: record.awsRegion, deletedFlowLogIds: [...ids], flowLogs: declared.map(({ region: _region, account: _account, ...flowLog }) => flowLog) };
  return paramsFit(recreateFlowLogs, params) ? { remediation: { action: 'recreate-flow-logs', params } } : notPlanned('the event does not name a usable region and flow log ids');
};

/** Stratus Red Team aws.defense-evasion.vpc-remove-flow-logs: VPC flow logs deleted, network traffic unrecorded. */
export default defineRule({
  id: 'ec2.flow-logs-deleted',
  title: 'VPC flow logs deleted',
  description: 'Deleting flow logs stops the record of network traffic that investigations and GuardDuty rely on.',
  category: 'flow-logs-deleted',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['DeleteFlowLogs']),
  actions: ['recreate-flow-logs'],
  classify: (record, context) => {
    if (record.eventName !== 'DeleteFlowLogs' || !succeeded(record)) return null;
    // EC2 answers a partly failed deletion with success and lists the ids it could not delete under `unsuccessful`.
    const failed = flowLogIds(get(record.responseElements, 'DeleteFlowLogsResponse', 'unsuccessful') ?? get(record.responseElements, 'unsuccessful'));
    const requested = [...flowLogIds(record.requestParameters)];
    const ids = requested.filter((id) => !failed.has(id));
    if (requested.length > 0 && ids.length === 0) return null;
    const { facts, ...revert } = recreation(record, ids, context);
    return {
      resources: ids,
      summary: `${describeActor(record)} deleted flow log${ids.length === 1 ? '' : 's'} ${ids.slice(0, 10).join(', ') || '(unknown)'}`,
      facts: { ...facts, ...viaService(record) },
      ...revert,
    };
  },
  guidance:
    'Flow logs the stage declares (flowLogs param) are created again in an enforce stage. Check the deletion against ' +
    'a change request. To restore others: create the flow log again on the same VPC, subnet or ' +
    'interface with the same destination (aws ec2 create-flow-logs); traffic in between is not recorded.',
  references: {
    mitre: ['T1562.008'],
    stratus: ['aws.defense-evasion.vpc-remove-flow-logs'],
    links: ['https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html'],
  },
});
