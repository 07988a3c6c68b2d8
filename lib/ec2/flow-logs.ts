import { isObject, REGION_NAME } from '../cloudtrail/record';

/** What a flow log can be attached to: a VPC, a subnet or a network interface. */
export const FLOW_LOG_RESOURCE_ID = /^(vpc|subnet|eni)-[0-9a-f]{8,17}$/;
/** An S3 bucket ARN, optionally with a key prefix (the form CreateFlowLogs takes as LogDestination). */
export const S3_DESTINATION = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()/-]{1,512})?$/;
const LOG_GROUP_DESTINATION = /^arn:aws[a-z-]*:logs:/;
export const TRAFFIC_TYPES = ['ACCEPT', 'REJECT', 'ALL'] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];

/**
 * One flow log the account is meant to have (the `flowLogs` stage param): on a DeleteFlowLogs event, those no
 * longer in place are created again. DeleteFlowLogs names only flow-log ids, so what to recreate must be declared.
 */
export interface DeclaredFlowLog {
  readonly resourceId: string;
  /** S3 bucket ARN (and prefix). */
  readonly destination: string;
  readonly trafficType: TrafficType;
  /** The entry's region; absent: the region of the event. */
  readonly region?: string;
}

/** EC2's resource type name for an id (CreateFlowLogs' ResourceType). */
export const flowLogResourceType = (resourceId: string): 'VPC' | 'Subnet' | 'NetworkInterface' =>
  resourceId.startsWith('vpc-') ? 'VPC' : resourceId.startsWith('subnet-') ? 'Subnet' : 'NetworkInterface';

/**
 * Reads one declared flow log, or says what is wrong with it by field (the caller adds where it came from: the
 * param entry at cold start and packaging, the action's params in the engine).
 */
export const readDeclaredFlowLog = (value: unknown): DeclaredFlowLog | { readonly field: string; readonly problem: string } => {
  if (!isObject(value)) return { field: '', problem: 'must be an object with resourceId, destination and trafficType' };
  const unknown = Object.keys(value).find((key) => !['resourceId', 'destination', 'trafficType', 'region'].includes(key));
  if (unknown !== undefined) return { field: `.${unknown}`, problem: 'is not a known field (resourceId, destination, trafficType, region)' };
  const { resourceId, destination, trafficType = 'ALL', region } = value;
  if (typeof resourceId !== 'string' || !FLOW_LOG_RESOURCE_ID.test(resourceId)) {
    return { field: '.resourceId', problem: 'must be a VPC, subnet or network interface id (vpc-…, subnet-…, eni-…)' };
  }
  if (typeof destination === 'string' && LOG_GROUP_DESTINATION.test(destination)) {
    return {
      field: '.destination',
      problem: 'is a CloudWatch Logs log group: only S3 destinations can be recreated (a log group needs iam:PassRole on its delivery role, which trailguard does not grant)',
    };
  }
  if (typeof destination !== 'string' || !S3_DESTINATION.test(destination)) {
    return { field: '.destination', problem: 'must be an S3 bucket ARN, optionally with a prefix (arn:aws:s3:::bucket/prefix)' };
  }
  if (typeof trafficType !== 'string' || !(TRAFFIC_TYPES as readonly string[]).includes(trafficType)) {
    return { field: '.trafficType', problem: `must be one of ${TRAFFIC_TYPES.join(', ')}` };
  }
  if (region !== undefined && (typeof region !== 'string' || !REGION_NAME.test(region))) return { field: '.region', problem: 'must be a region name' };
  return { resourceId, destination, trafficType: trafficType as TrafficType, ...(region !== undefined ? { region: region as string } : {}) };
};

export const isDeclaredFlowLog = (read: ReturnType<typeof readDeclaredFlowLog>): read is DeclaredFlowLog => !('problem' in read);
