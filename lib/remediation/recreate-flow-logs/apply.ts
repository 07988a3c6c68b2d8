import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { describeAwsError, normalizeErrorCode } from '../../aws/errors';
import { withRetry, type RetryOptions } from '../../aws/retry';
import { flowLogDestinationType, flowLogResourceType, logGroupOf, sameS3Destination, type DeclaredFlowLog } from '../../ec2/flow-logs';
import { createFlowLogCommand, type RecreateFlowLogsParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'recreate-flow-logs';
const CALL = 'ec2:CreateFlowLogs';

/**
 * A declared resource deleted since: EC2 (and moto) refuse the whole CreateFlowLogs call with these codes, and may
 * also list them per resource in `Unsuccessful`. Either way only that entry is not applicable. `.Malformed` is not
 * here: the flowLogs param only admits well-formed ids, so EC2 calling one malformed is a failure worth seeing.
 */
const RESOURCE_GONE: readonly string[] = ['InvalidVpcID.NotFound', 'InvalidSubnetID.NotFound', 'InvalidNetworkInterfaceID.NotFound'];
/** EC2: "There is an existing Flow Log with the same configuration and log destination": that entry is in place. */
const ALREADY_EXISTS = 'FlowLogAlreadyExists';

/**
 * Sources: EC2 API reference, DescribeFlowLogs / CreateFlowLogs (per-resource failures in `Unsuccessful`) and the
 * EC2 error codes list (UnauthorizedOperation, FlowLogAlreadyExists, InvalidVpcID.NotFound…). Each declared entry
 * is one CreateFlowLogs call, so these codes decide that entry only; the outcome comes from all of them.
 */
const RECREATE_FLOW_LOGS_CODES: ErrorCodeTables = {
  // Mostly learned by reading first (DescribeFlowLogs); EC2's own refusal covers a spelling the read did not match.
  alreadyCompliant: [ALREADY_EXISTS],
  notApplicable: RESOURCE_GONE,
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

/** The declared format, where one is declared: a flow log writing another way is not the one declared. */
const sameFormat = (flowLog: FlowLog, declared: DeclaredFlowLog): boolean => {
  const options = declared.s3Options ?? {};
  const described = flowLog.DestinationOptions ?? {};
  return (
    (declared.logFormat === undefined || flowLog.LogFormat === declared.logFormat) &&
    (declared.maxAggregationInterval === undefined || flowLog.MaxAggregationInterval === declared.maxAggregationInterval) &&
    (options.fileFormat === undefined || described.FileFormat === options.fileFormat) &&
    (options.hiveCompatiblePartitions === undefined || (described.HiveCompatiblePartitions ?? false) === options.hiveCompatiblePartitions) &&
    (options.perHourPartition === undefined || (described.PerHourPartition ?? false) === options.perHourPartition)
  );
};

/**
 * In place: same resource, traffic type and destination, and the declared format if any; for a log group, also
 * the declared delivery role (a flow log delivered by another role may not be delivering at all).
 */
const inPlace = (existing: readonly FlowLog[], declared: DeclaredFlowLog): boolean =>
  existing.some(
    (flowLog) =>
      flowLog.ResourceId === declared.resourceId &&
      flowLog.TrafficType === declared.trafficType &&
      flowLog.LogDestinationType === flowLogDestinationType(declared) &&
      sameFormat(flowLog, declared) &&
      (declared.deliverLogsRoleArn === undefined
        ? flowLog.LogDestination !== undefined && sameS3Destination(flowLog.LogDestination, declared.destination)
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

/** CreateFlowLogs' format fields, only those declared (EC2's defaults otherwise). */
const formatOf = (flowLog: DeclaredFlowLog) => {
  const options = flowLog.s3Options;
  return {
    ...(flowLog.logFormat !== undefined ? { LogFormat: flowLog.logFormat } : {}),
    ...(flowLog.maxAggregationInterval !== undefined ? { MaxAggregationInterval: flowLog.maxAggregationInterval } : {}),
    ...(options !== undefined
      ? {
          DestinationOptions: {
            ...(options.fileFormat !== undefined ? { FileFormat: options.fileFormat } : {}),
            ...(options.hiveCompatiblePartitions !== undefined ? { HiveCompatiblePartitions: options.hiveCompatiblePartitions } : {}),
            ...(options.perHourPartition !== undefined ? { PerHourPartition: options.perHourPartition } : {}),
          },
        }
      : {}),
  };
};

const describe = (flowLog: DeclaredFlowLog): string => `${flowLog.resourceId} to ${flowLog.destination} (${flowLog.trafficType})`;

/** What became of one declared flow log that was not in place. */
type EntryOutcome =
  | { readonly kind: 'created'; readonly id: string }
  | { readonly kind: 'gone'; readonly code: string }
  | { readonly kind: 'exists' }
  | { readonly kind: 'refused'; readonly reason: string; readonly error?: unknown };

const roleHint = (flowLog: DeclaredFlowLog): string =>
  flowLog.deliverLogsRoleArn === undefined ? '' : ` [check that ${flowLog.deliverLogsRoleArn} exists, trusts vpc-flow-logs.amazonaws.com and may write to the log group]`;

/** An EC2 error code, from the call or from `Unsuccessful`, for one entry: gone, in place, or refused. */
const entryOutcome = (flowLog: DeclaredFlowLog, code: string | undefined, reason: string, error?: unknown): EntryOutcome => {
  const normalized = code === undefined ? undefined : normalizeErrorCode(code);
  if (normalized !== undefined && RESOURCE_GONE.includes(normalized)) return { kind: 'gone', code: normalized };
  if (normalized === ALREADY_EXISTS) return { kind: 'exists' };
  return { kind: 'refused', reason: `${describe(flowLog)}: ${reason}${roleHint(flowLog)}`, ...(error === undefined ? {} : { error }) };
};

/**
 * One CreateFlowLogs for one entry, its errors kept to that entry: a deleted VPC fails the whole call, and must not
 * keep the entries after it from being recreated.
 */
const createOne = async (
  ec2: EC2Client,
  flowLog: DeclaredFlowLog,
  retry: RetryOptions | undefined,
): Promise<{ readonly outcome: EntryOutcome; readonly attempts: number }> => {
  try {
    const { result, attempts } = await withRetry(
      () =>
        ec2.send(
          new CreateFlowLogsCommand({
            ResourceIds: [flowLog.resourceId],
            ResourceType: flowLogResourceType(flowLog.resourceId),
            TrafficType: flowLog.trafficType,
            ...destinationOf(flowLog),
            ...formatOf(flowLog),
          }),
        ),
      retry,
    );
    const id = result.FlowLogIds?.[0];
    if (id) return { outcome: { kind: 'created', id }, attempts };
    const failure = result.Unsuccessful?.[0]?.Error;
    return { outcome: entryOutcome(flowLog, failure?.Code, `${failure?.Code ?? 'no flow log id returned'}${failure?.Message ? ` (${failure.Message})` : ''}`), attempts };
  } catch (error) {
    const facts = describeAwsError(error);
    const hint = RECREATE_FLOW_LOGS_CODES.failureHints[normalizeErrorCode(facts.errorCode)];
    return { outcome: entryOutcome(flowLog, facts.errorCode, `${facts.errorCode} (${hint ?? facts.errorMessage})`, error), attempts: facts.attempts ?? 1 };
  }
};

/**
 * Creates again each declared flow log that is no longer in place (same resource, destination and traffic
 * type), one CreateFlowLogs per entry; declared flow logs still in place, or on resources deleted since, are left.
 * An entry EC2 refuses does not stop the others; the outcome is failed if any was refused.
 */
const applyRecreateFlowLogs: Applier<RecreateFlowLogsParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, deleted: [...params.deletedFlowLogIds] };
  let attempts = 0;
  let missing: readonly DeclaredFlowLog[];
  const ec2 = clients.ec2(params.region);
  try {
    const resourceIds = [...new Set(params.flowLogs.map((flowLog) => flowLog.resourceId))];
    const described = await withRetry(
      () => ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: resourceIds }] })),
      options.retry,
    );
    attempts += described.attempts;
    missing = params.flowLogs.filter((flowLog) => !inPlace(described.result.FlowLogs ?? [], flowLog));
  } catch (error) {
    const failed = failedResult(ACTION, { ...detail, call: 'ec2:DescribeFlowLogs' }, error, RECREATE_FLOW_LOGS_CODES.failureHints);
    return { ...failed, did: `could not read the flow logs of ${params.region}; if missing, to create by hand: ${commandsFor(params.region, params.flowLogs)}` };
  }
  if (missing.length === 0) {
    return {
      outcome: 'already-compliant',
      detail: { ...detail, call: 'ec2:DescribeFlowLogs', inPlace: params.flowLogs.map(describe), attempts },
      did: `every declared flow log of ${params.region} is in place (${params.flowLogs.map(describe).join('; ')}): nothing was created`,
      undo: '',
    };
  }
  const created: { flowLog: DeclaredFlowLog; id: string }[] = [];
  const gone: string[] = [];
  const existed: string[] = [];
  const refused: { flowLog: DeclaredFlowLog; reason: string; error?: unknown }[] = [];
  for (const flowLog of missing) {
    const { outcome, attempts: tries } = await createOne(ec2, flowLog, options.retry);
    attempts += tries;
    if (outcome.kind === 'created') created.push({ flowLog, id: outcome.id });
    else if (outcome.kind === 'gone') gone.push(`${flowLog.resourceId} no longer exists (${outcome.code})`);
    else if (outcome.kind === 'exists') existed.push(describe(flowLog));
    else refused.push({ flowLog, reason: outcome.reason, ...(outcome.error === undefined ? {} : { error: outcome.error }) });
  }
  const kept = [...params.flowLogs.filter((flowLog) => !missing.includes(flowLog)).map(describe), ...existed];
  const facts = {
    ...detail,
    created: created.map(({ flowLog, id }) => `${id}: ${describe(flowLog)}`),
    ...(kept.length > 0 ? { alreadyInPlace: kept } : {}),
    ...(gone.length > 0 ? { resourcesGone: gone } : {}),
    ...(refused.length > 0 ? { refused: refused.map(({ reason }) => reason) } : {}),
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
    // The first AWS error is the cause (its code and hint lead the message); every refusal is in the detail.
    const thrown = refused.find((entry) => entry.error !== undefined)?.error;
    const failed = failedResult(ACTION, facts, thrown ?? new Error(`EC2 did not create ${refused.map(({ reason }) => reason).join('; ')}`), RECREATE_FLOW_LOGS_CODES.failureHints);
    return {
      ...failed,
      detail: { ...failed.detail, attempts },
      did: `${did}; still missing, to create by hand: ${commandsFor(params.region, refused.map(({ flowLog }) => flowLog))}`,
      undo,
    };
  }
  if (created.length > 0) return { outcome: 'applied', detail: facts, did, undo };
  if (gone.length > 0) return { outcome: 'not-applicable', detail: { ...facts, reason: 'the declared resources no longer exist' }, did, undo };
  return {
    outcome: 'already-compliant',
    detail: facts,
    did: `every declared flow log of ${params.region} is in place: nothing was created (EC2 answered ${ALREADY_EXISTS} for ${existed.join('; ')})`,
    undo,
  };
};

/** The create-flow-logs commands for the given declared flow logs. */
const commandsFor = (region: string, flowLogs: readonly DeclaredFlowLog[]): string => flowLogs.map((flowLog) => createFlowLogCommand(region, flowLog)).join(' ; ');

export const recreateFlowLogsApplier: ActionApplier<RecreateFlowLogsParams> = {
  id: 'recreate-flow-logs',
  clients: { ec2: EC2Client },
  codes: RECREATE_FLOW_LOGS_CODES,
  apply: applyRecreateFlowLogs,
};
