import { describeActor, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { get, succeeded, type JsonObject } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

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

/** Stratus Red Team aws.defense-evasion.vpc-remove-flow-logs: VPC flow logs deleted, network traffic unrecorded. */
export default defineRule({
  id: 'ec2.flow-logs-deleted',
  title: 'VPC flow logs deleted',
  description: 'Deleting flow logs stops the record of network traffic that investigations and GuardDuty rely on.',
  category: 'flow-logs-deleted',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['DeleteFlowLogs']),
  classify: (record) => {
    if (record.eventName !== 'DeleteFlowLogs' || !succeeded(record)) return null;
    // EC2 answers a partly failed deletion with success and lists the ids it could not delete under `unsuccessful`.
    const failed = flowLogIds(get(record.responseElements, 'DeleteFlowLogsResponse', 'unsuccessful') ?? get(record.responseElements, 'unsuccessful'));
    const requested = [...flowLogIds(record.requestParameters)];
    const ids = requested.filter((id) => !failed.has(id));
    if (requested.length > 0 && ids.length === 0) return null;
    return {
      resources: ids,
      summary: `${describeActor(record)} deleted flow log${ids.length === 1 ? '' : 's'} ${ids.slice(0, 10).join(', ') || '(unknown)'}`,
      facts: { ...viaService(record) },
    };
  },
  guidance:
    'Check the deletion against a change request. To restore: create the flow log again on the same VPC, subnet or ' +
    'interface with the same destination (aws ec2 create-flow-logs); traffic in between is not recorded.',
  references: {
    mitre: ['T1562.008'],
    stratus: ['aws.defense-evasion.vpc-remove-flow-logs'],
    links: ['https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html'],
  },
});
