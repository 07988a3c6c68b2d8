import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { withRetry } from '../../aws/retry';
import { flowLogDestinationType, flowLogResourceType, logGroupOf, type DeclaredFlowLog } from '../../ec2/flow-logs';
import { createFlowLogCommand, type RecreateFlowLogsParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'recreate-flow-logs';
const CALL = 'ec2:CreateFlowLogs';

/** CreateFlowLogs reports a resource that no longer exists per resource, in `Unsuccessful`, with these codes. */
const RESOURCE_GONE: ReadonlySet<string> = new Set(['InvalidVpcID.NotFound', 'InvalidSubnetID.NotFound', 'InvalidNetworkInterfaceID.NotFound']);

/**
 * Sources: EC2 API reference, DescribeFlowLogs / CreateFlowLogs (per-resource failures in `Unsuccessful`) and the
 * EC2 error codes list (UnauthorizedOperation, FlowLogAlreadyExists, InvalidVpcID.NotFound…).
 */
const RECREATE_FLOW_LOGS_CODES: ErrorCodeTables = {
  // A flow log already in place is learned by reading first (DescribeFlowLogs), not from an error.
  alreadyCompliant: [],
  // Resources that are gone are reported per resource (RESOURCE_GONE), never as the call's error.
  notApplicable: [],
  failureHints: {
    UnauthorizedOperation:
      'the trail function\'s role may not create flow logs here (IAM policy, SCP or permissions boundary); the flow logs are still missing',
    AccessDenied: 'CloudWatch Logs refused to set up the delivery to the bucket (logs:CreateLogDelivery, or the bucket policy); the flow logs are still missing',
    // A log group destination: EC2 checks the delivery role the call passes.
    InvalidParameter:
      'EC2 refused a declared destination or delivery role (check that each deliverLogsRoleArn exists and trusts vpc-flow-logs.amazonaws.com, and that the trail role may pass it); the flow logs are still missing',
  },
};

/** Same log group: DescribeFlowLogs gives its name (LogGroupName) and, for groups given by ARN, LogDestination. */
const sameLogGroup = (flowLog: FlowLog, declared: DeclaredFlowLog): boolean => {
  const group = logGroupOf(declared.destination)!;
  const described = flowLog.LogDestination === undefined ? undefined : logGroupOf(flowLog.LogDestination);
  return described !== undefined ? described.name === group.name && described.account === group.account : flowLog.LogGroupName === group.name;
};

/**
 * In place: same resource, traffic type and destination; for a log group, also the declared delivery role (a flow
 * log delivered by another role may not be delivering at all).
 */
const inPlace = (existing: readonly FlowLog[], declared: DeclaredFlowLog): boolean =>
  existing.some(
    (flowLog) =>
      flowLog.ResourceId === declared.resourceId &&
      flowLog.TrafficType === declared.trafficType &&
      flowLog.LogDestinationType === flowLogDestinationType(declared) &&
      (declared.deliverLogsRoleArn === undefined
        ? flowLog.LogDestination === declared.destination
        : sameLogGroup(flowLog, declared) && flowLog.DeliverLogsPermissionArn === declared.deliverLogsRoleArn),
  );

/** CreateFlowLogs' destination fields: the bucket, or the log group by ARN (any account) and its delivery role. */
const destinationOf = (flowLog: DeclaredFlowLog) =>
  flowLog.deliverLogsRoleArn === undefined
    ? { LogDestinationType: 's3' as const, LogDestination: flowLog.destination }
    : {
        LogDestinationType: 'cloud-watch-logs' as const,
        LogDestination: flowLog.destination.replace(/:\*$/, ''),
        DeliverLogsPermissionArn: flowLog.deliverLogsRoleArn,
      };

const describe = (flowLog: DeclaredFlowLog): string => `${flowLog.resourceId} to ${flowLog.destination} (${flowLog.trafficType})`;

/**
 * Creates again each declared flow log that is no longer in place (same resource, destination and traffic
 * type), one CreateFlowLogs per entry; declared flow logs still in place, or on resources deleted since, are left.
 */
const applyRecreateFlowLogs: Applier<RecreateFlowLogsParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, deleted: [...params.deletedFlowLogIds] };
  let attempts = 0;
  const created: { flowLog: DeclaredFlowLog; id: string }[] = [];
  try {
    const ec2 = clients.ec2(params.region);
    const resourceIds = [...new Set(params.flowLogs.map((flowLog) => flowLog.resourceId))];
    const described = await withRetry(
      () => ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: resourceIds }] })),
      options.retry,
    );
    attempts += described.attempts;
    const missing = params.flowLogs.filter((flowLog) => !inPlace(described.result.FlowLogs ?? [], flowLog));
    if (missing.length === 0) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'ec2:DescribeFlowLogs', inPlace: params.flowLogs.map(describe), attempts },
        did: `every declared flow log of ${params.region} is in place (${params.flowLogs.map(describe).join('; ')}): nothing was created`,
        undo: '',
      };
    }
    const gone: string[] = [];
    const refused: string[] = [];
    for (const flowLog of missing) {
      const { result, attempts: tries } = await withRetry(
        () =>
          ec2.send(
            new CreateFlowLogsCommand({
              ResourceIds: [flowLog.resourceId],
              ResourceType: flowLogResourceType(flowLog.resourceId),
              TrafficType: flowLog.trafficType,
              ...destinationOf(flowLog),
            }),
          ),
        options.retry,
      );
      attempts += tries;
      const failure = result.Unsuccessful?.[0]?.Error;
      const id = result.FlowLogIds?.[0];
      if (id) created.push({ flowLog, id });
      else if (failure?.Code && RESOURCE_GONE.has(failure.Code)) gone.push(`${flowLog.resourceId} no longer exists`);
      else {
        const roleHint = flowLog.deliverLogsRoleArn === undefined ? '' : ` [check that ${flowLog.deliverLogsRoleArn} exists, trusts vpc-flow-logs.amazonaws.com and may write to the log group]`;
        refused.push(`${describe(flowLog)}: ${failure?.Code ?? 'no flow log id returned'}${failure?.Message ? ` (${failure.Message})` : ''}${roleHint}`);
      }
    }
    const kept = params.flowLogs.filter((flowLog) => !missing.includes(flowLog)).map(describe);
    const facts = {
      ...detail,
      created: created.map(({ flowLog, id }) => `${id}: ${describe(flowLog)}`),
      ...(kept.length > 0 ? { alreadyInPlace: kept } : {}),
      ...(gone.length > 0 ? { resourcesGone: gone } : {}),
      ...(refused.length > 0 ? { refused } : {}),
      attempts,
    };
    const did =
      (created.length > 0 ? `created again ${created.map(({ flowLog, id }) => `flow log ${id} on ${describe(flowLog)}`).join('; ')}` : 'created no flow log') +
      (kept.length > 0 ? `; already in place: ${kept.join('; ')}` : '') +
      (gone.length > 0 ? `; not recreated: ${gone.join('; ')}` : '');
    const undo =
      created.length > 0
        ? `If the deletion was intended, remove the entries from the flowLogs param, then: aws ec2 delete-flow-logs --region ${params.region} --flow-log-ids ${created.map(({ id }) => id).join(' ')}`
        : '';
    if (refused.length > 0) {
      return failedResult(ACTION, facts, new Error(`EC2 did not create ${refused.join('; ')}`), {});
    }
    if (created.length === 0) return { outcome: 'not-applicable', detail: { ...facts, reason: 'the declared resources no longer exist' }, did, undo };
    return { outcome: 'applied', detail: facts, did, undo };
  } catch (error) {
    const failed = failedResult(ACTION, { ...detail, ...(created.length > 0 ? { created: created.map(({ id }) => id) } : {}) }, error, RECREATE_FLOW_LOGS_CODES.failureHints);
    const redo = missingCommands(params, created);
    return { ...failed, did: `${created.length > 0 ? `created ${created.map(({ id }) => id).join(', ')}, then ` : ''}failed; still missing, to create by hand: ${redo}` };
  }
};

/** The create-flow-logs commands for the declared flow logs not created (yet). */
const missingCommands = (params: RecreateFlowLogsParams, created: readonly { flowLog: DeclaredFlowLog }[]): string =>
  params.flowLogs
    .filter((flowLog) => !created.some((entry) => entry.flowLog === flowLog))
    .map((flowLog) => createFlowLogCommand(params.region, flowLog))
    .join(' ; ');

export const recreateFlowLogsApplier: ActionApplier<RecreateFlowLogsParams> = {
  id: 'recreate-flow-logs',
  clients: { ec2: EC2Client },
  codes: RECREATE_FLOW_LOGS_CODES,
  apply: applyRecreateFlowLogs,
};
