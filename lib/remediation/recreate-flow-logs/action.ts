import { REGION_NAME } from '../../cloudtrail/record';
import { flowLogDestinationType, flowLogResourceType, isDeclaredFlowLog, readDeclaredFlowLog, type DeclaredFlowLog } from '../../ec2/flow-logs';
import { defineAction } from '../action';
import { ActionParamsError, ParamsReader } from '../params-schema';

const FLOW_LOG_ID = /^fl-[0-9a-f]{8,17}$/;

/** A DeleteFlowLogs event's region and ids, and the stage's declared flow logs of that region. */
export interface RecreateFlowLogsParams {
  readonly region: string;
  /** What the event deleted (for the alert: DeleteFlowLogs names nothing else). */
  readonly deletedFlowLogIds: readonly string[];
  readonly flowLogs: readonly DeclaredFlowLog[];
}

/**
 * `--resource-ids vpc-… --resource-type VPC --traffic-type ALL --log-destination-type s3 --log-destination arn:…`,
 * and `--deliver-logs-permission-arn` for a log group.
 */
export const createFlowLogCommand = (region: string, flowLog: DeclaredFlowLog): string =>
  `aws ec2 create-flow-logs --region ${region} --resource-ids ${flowLog.resourceId} --resource-type ${flowLogResourceType(flowLog.resourceId)} ` +
  `--traffic-type ${flowLog.trafficType} --log-destination-type ${flowLogDestinationType(flowLog)} --log-destination ${flowLog.destination}` +
  (flowLog.deliverLogsRoleArn === undefined ? '' : ` --deliver-logs-permission-arn ${flowLog.deliverLogsRoleArn}`) +
  // Single quotes: the format's ${field} tokens are not shell variables (LOG_FORMAT admits no quote).
  (flowLog.logFormat === undefined ? '' : ` --log-format '${flowLog.logFormat}'`) +
  (flowLog.maxAggregationInterval === undefined ? '' : ` --max-aggregation-interval ${flowLog.maxAggregationInterval}`) +
  (flowLog.s3Options === undefined ? '' : ` --destination-options ${destinationOptionsText(flowLog.s3Options)}`);

const destinationOptionsText = (options: NonNullable<DeclaredFlowLog['s3Options']>): string =>
  [
    options.fileFormat !== undefined ? `FileFormat=${options.fileFormat}` : '',
    options.hiveCompatiblePartitions !== undefined ? `HiveCompatiblePartitions=${options.hiveCompatiblePartitions}` : '',
    options.perHourPartition !== undefined ? `PerHourPartition=${options.perHourPartition}` : '',
  ]
    .filter(Boolean)
    .join(',');

export const recreateFlowLogs = defineAction<RecreateFlowLogsParams>({
  id: 'recreate-flow-logs',
  description: 'Create again the declared flow logs (flowLogs param) that a DeleteFlowLogs left missing',
  permissions: [
    // Read first: a declared flow log still in place (same resource, destination and traffic type) is left alone.
    { action: 'ec2:DescribeFlowLogs', resources: ['*'] },
    { action: 'ec2:CreateFlowLogs', resources: ['ec2:flow-log-target'] },
    // S3 delivery is set up by CloudWatch Logs' log delivery on the caller's behalf (the VPC User Guide lists both
    // for whoever creates a flow log to S3); they support no resource-level permissions.
    { action: 'logs:CreateLogDelivery', resources: ['*'] },
    { action: 'logs:DeleteLogDelivery', resources: ['*'] },
    // A log group destination also needs iam:PassRole on its delivery role: stage-dependent (the flowLogs param),
    // so not declared here but added to the trail role at packaging (lib/deploy.ts flowLogDeliveryPolicy).
  ],
  parse(params) {
    const reader = new ParamsReader('recreate-flow-logs', params, ['region', 'deletedFlowLogIds', 'flowLogs']);
    const flowLogs = reader.objectArray('flowLogs', (item, path) => {
      const read = readDeclaredFlowLog(item);
      if (!isDeclaredFlowLog(read)) throw new ActionParamsError('recreate-flow-logs', `${path}${read.field}`, read.problem);
      return read;
    });
    if (flowLogs.length === 0) throw new ActionParamsError('recreate-flow-logs', 'flowLogs', 'must declare at least one flow log');
    return { region: reader.string('region', REGION_NAME), deletedFlowLogIds: reader.stringArray('deletedFlowLogIds', FLOW_LOG_ID), flowLogs };
  },
  plan(params) {
    return {
      call: 'ec2:CreateFlowLogs',
      region: params.region,
      deleted: [...params.deletedFlowLogIds],
      recreateIfMissing: params.flowLogs.map(
        (flowLog) =>
          `${flowLog.resourceId} -> ${flowLog.destination} (${flowLog.trafficType})${flowLog.deliverLogsRoleArn === undefined ? '' : ` delivered by ${flowLog.deliverLogsRoleArn}`}` +
          (flowLog.logFormat === undefined ? '' : `, format ${flowLog.logFormat}`) +
          (flowLog.maxAggregationInterval === undefined ? '' : `, every ${flowLog.maxAggregationInterval} s`) +
          (flowLog.s3Options?.fileFormat === undefined ? '' : `, ${flowLog.s3Options.fileFormat}`),
      ),
    };
  },
  undo(params) {
    return (
      'If the deletion was intended, remove the entries from the flowLogs param (or add an exception), then delete ' +
      `the recreated flow logs: aws ec2 delete-flow-logs --region ${params.region} --flow-log-ids <the ids the alert names>`
    );
  },
});
