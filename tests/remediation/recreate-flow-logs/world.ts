import type { FlowLog } from '@aws-sdk/client-ec2';
import { recreateFlowLogs } from '../../../lib/remediation';

export const VPC = 'vpc-0a1b2c3d4e5f67890';
export const SUBNET = 'subnet-0a1b2c3d4e5f67890';
export const BUCKET = 'arn:aws:s3:::flow-logs-123456789012/vpc';

/** What flow-logs-deleted requests in a stage declaring a VPC's and a subnet's flow logs. */
export const params = recreateFlowLogs.parse({
  region: 'eu-west-1',
  deletedFlowLogIds: ['fl-0123456789abcdef0'],
  flowLogs: [
    { resourceId: VPC, destination: BUCKET, trafficType: 'ALL' },
    { resourceId: SUBNET, destination: BUCKET, trafficType: 'REJECT' },
  ],
});

/** A flow log as DescribeFlowLogs returns it. */
export const existing = (resourceId: string, trafficType: 'ALL' | 'REJECT' | 'ACCEPT', destination = BUCKET): FlowLog => ({
  FlowLogId: `fl-${resourceId.slice(-8)}00000000`,
  ResourceId: resourceId,
  TrafficType: trafficType,
  LogDestinationType: 's3',
  LogDestination: destination,
  FlowLogStatus: 'ACTIVE',
});

export const LOG_GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs';
export const DELIVERY_ROLE = 'arn:aws:iam::123456789012:role/service/flow-logs-delivery';

/** A stage declaring the VPC's flow log to a CloudWatch Logs log group (given with the console's `:*`). */
export const logGroupParams = recreateFlowLogs.parse({
  region: 'eu-west-1',
  deletedFlowLogIds: ['fl-0123456789abcdef0'],
  flowLogs: [{ resourceId: VPC, destination: `${LOG_GROUP}:*`, trafficType: 'ALL', deliverLogsRoleArn: DELIVERY_ROLE }],
});

/** A flow log to a log group as DescribeFlowLogs returns it: the group's name, and its ARN when created by ARN. */
export const existingInLogGroup = (overrides: Partial<FlowLog> = {}): FlowLog => ({
  FlowLogId: 'fl-0bbbbccccddddeeee',
  ResourceId: VPC,
  TrafficType: 'ALL',
  LogDestinationType: 'cloud-watch-logs',
  LogGroupName: '/vpc/flow-logs',
  LogDestination: LOG_GROUP,
  DeliverLogsPermissionArn: DELIVERY_ROLE,
  DeliverLogsStatus: 'SUCCESS',
  FlowLogStatus: 'ACTIVE',
  ...overrides,
});
