import { isObject, REGION_NAME } from '../cloudtrail/record';

/** What a flow log can be attached to: a VPC, a subnet or a network interface. */
export const FLOW_LOG_RESOURCE_ID = /^(vpc|subnet|eni)-[0-9a-f]{8,17}$/;
/** An S3 bucket ARN, optionally with a key prefix (the form CreateFlowLogs takes as LogDestination). */
export const S3_DESTINATION = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()/-]{1,512})?$/;
const LOGS_ARN = /^arn:aws[a-z-]*:logs:/;
/**
 * A CloudWatch Logs log group ARN (the form CreateFlowLogs takes as LogDestination), optionally with the `:*` that
 * the console and DescribeLogGroups append: region, account and name are captured.
 */
export const LOG_GROUP_DESTINATION = /^arn:aws[a-z-]*:logs:([a-z]{2,4}(?:-[a-z]+)+-\d+):(\d{12}):log-group:([A-Za-z0-9_\-/.#]{1,512})(?::\*)?$/;
/** An IAM role ARN, path included, no wildcards: the delivery role flow logs to CloudWatch Logs assume. */
// Path characters as IAM allows them (U+0021 to U+007E) but for * and ?, which a policy would read as wildcards.
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\u0021-\u0029\u002B-\u003E\u0040-\u007E]+\/)?[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
export const TRAFFIC_TYPES = ['ACCEPT', 'REJECT', 'ALL'] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];
/**
 * A custom record format: `${field}` tokens separated by single spaces, as CreateFlowLogs takes LogFormat. Only
 * those characters: it is printed inside single quotes in a command an alert gives.
 */
export const LOG_FORMAT = /^\$\{[a-z0-9-]{1,40}\}( \$\{[a-z0-9-]{1,40}\}){0,99}$/;
/** The aggregation intervals EC2 takes (seconds); 600 is its default. */
export const AGGREGATION_INTERVALS = [60, 600] as const;
export const FILE_FORMATS = ['plain-text', 'parquet'] as const;
/** CreateFlowLogs' DestinationOptions (S3 only), as declared. */
export interface FlowLogS3Options {
  readonly fileFormat?: (typeof FILE_FORMATS)[number];
  readonly hiveCompatiblePartitions?: boolean;
  readonly perHourPartition?: boolean;
}

/**
 * One flow log the account is meant to have (the `flowLogs` stage param): on a DeleteFlowLogs event, those no
 * longer in place are created again. DeleteFlowLogs names only flow-log ids, so what to recreate must be declared.
 */
export interface DeclaredFlowLog {
  readonly resourceId: string;
  /** S3 bucket ARN (and prefix), or a CloudWatch Logs log group ARN. */
  readonly destination: string;
  readonly trafficType: TrafficType;
  /** Log group destinations only: the role the flow-logs service assumes to deliver (DeliverLogsPermissionArn). */
  readonly deliverLogsRoleArn?: string;
  /** The entry's region; absent: the region of the event. */
  readonly region?: string;
  /**
   * The account the flow log belongs to; absent: the account of the event (a single stage sees only its own). A
   * central stage, which sees every member account, requires it (and region) on every entry.
   */
  readonly account?: string;
  /**
   * How the flow log writes: what a DeleteFlowLogs destroyed is not in the event, so a custom format, a 60-second
   * interval or Parquet files must be declared to come back (EC2's defaults otherwise: its default format, 600 s,
   * plain text).
   */
  readonly logFormat?: string;
  readonly maxAggregationInterval?: (typeof AGGREGATION_INTERVALS)[number];
  readonly s3Options?: FlowLogS3Options;
}

/** A log group destination's region, account and name; undefined for S3. */
export const logGroupOf = (destination: string): { readonly region: string; readonly account: string; readonly name: string } | undefined => {
  const match = LOG_GROUP_DESTINATION.exec(destination);
  return match ? { region: match[1]!, account: match[2]!, name: match[3]! } : undefined;
};

/**
 * Same S3 destination: `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/` (or a prefix with and without its final `/`)
 * are one place, whichever spelling the flowLogs param or DescribeFlowLogs uses.
 */
export const sameS3Destination = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** CreateFlowLogs' LogDestinationType for a declared destination. */
export const flowLogDestinationType = (flowLog: DeclaredFlowLog): 's3' | 'cloud-watch-logs' => (flowLog.deliverLogsRoleArn === undefined ? 's3' : 'cloud-watch-logs');

/** The delivery roles the declared flow logs pass to vpc-flow-logs.amazonaws.com (iam:PassRole), each once, sorted. */
export const deliveryRoleArns = (flowLogs: readonly DeclaredFlowLog[]): string[] =>
  [...new Set(flowLogs.flatMap((flowLog) => (flowLog.deliverLogsRoleArn === undefined ? [] : [flowLog.deliverLogsRoleArn])))].sort();

/** EC2's resource type name for an id (CreateFlowLogs' ResourceType). */
export const flowLogResourceType = (resourceId: string): 'VPC' | 'Subnet' | 'NetworkInterface' =>
  resourceId.startsWith('vpc-') ? 'VPC' : resourceId.startsWith('subnet-') ? 'Subnet' : 'NetworkInterface';

type FormatFields = Pick<DeclaredFlowLog, 'logFormat' | 'maxAggregationInterval' | 's3Options'>;

/** The optional format fields of an entry (present ones only), or what is wrong with one. */
const readFormat = (value: Record<string, unknown>): FormatFields | { readonly field: string; readonly problem: string } => {
  const { logFormat, maxAggregationInterval, s3Options } = value;
  const fields: { -readonly [K in keyof FormatFields]: FormatFields[K] } = {};
  if (logFormat !== undefined) {
    if (typeof logFormat !== 'string' || !LOG_FORMAT.test(logFormat)) {
      return { field: '.logFormat', problem: 'must be flow-log fields as ${field} tokens separated by single spaces, e.g. "${version} ${srcaddr} ${dstaddr} ${action}"' };
    }
    fields.logFormat = logFormat;
  }
  if (maxAggregationInterval !== undefined) {
    if (!(AGGREGATION_INTERVALS as readonly unknown[]).includes(maxAggregationInterval)) return { field: '.maxAggregationInterval', problem: 'must be 60 or 600 (seconds)' };
    fields.maxAggregationInterval = maxAggregationInterval as (typeof AGGREGATION_INTERVALS)[number];
  }
  if (s3Options !== undefined) {
    if (!isObject(s3Options)) return { field: '.s3Options', problem: 'must be an object with fileFormat, hiveCompatiblePartitions and/or perHourPartition' };
    const optionKeys = ['fileFormat', 'hiveCompatiblePartitions', 'perHourPartition'];
    const stray = Object.keys(s3Options).find((key) => !optionKeys.includes(key));
    if (stray !== undefined) return { field: `.s3Options.${stray}`, problem: `is not a known field (${optionKeys.join(', ')})` };
    const { fileFormat, hiveCompatiblePartitions, perHourPartition } = s3Options;
    if (fileFormat !== undefined && !(FILE_FORMATS as readonly unknown[]).includes(fileFormat)) return { field: '.s3Options.fileFormat', problem: `must be one of ${FILE_FORMATS.join(', ')}` };
    if (hiveCompatiblePartitions !== undefined && typeof hiveCompatiblePartitions !== 'boolean') return { field: '.s3Options.hiveCompatiblePartitions', problem: 'must be true or false' };
    if (perHourPartition !== undefined && typeof perHourPartition !== 'boolean') return { field: '.s3Options.perHourPartition', problem: 'must be true or false' };
    const options = {
      ...(fileFormat !== undefined ? { fileFormat: fileFormat as (typeof FILE_FORMATS)[number] } : {}),
      ...(hiveCompatiblePartitions !== undefined ? { hiveCompatiblePartitions } : {}),
      ...(perHourPartition !== undefined ? { perHourPartition } : {}),
    };
    if (Object.keys(options).length > 0) fields.s3Options = options;
  }
  return fields;
};

/**
 * Reads one declared flow log, or says what is wrong with it by field (the caller adds where it came from: the
 * param entry at cold start and packaging, the action's params in the engine).
 */
export const readDeclaredFlowLog = (value: unknown): DeclaredFlowLog | { readonly field: string; readonly problem: string } => {
  if (!isObject(value)) return { field: '', problem: 'must be an object with resourceId, destination and trafficType' };
  const known = ['resourceId', 'destination', 'trafficType', 'region', 'account', 'deliverLogsRoleArn', 'logFormat', 'maxAggregationInterval', 's3Options'];
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown !== undefined) return { field: `.${unknown}`, problem: `is not a known field (${known.join(', ')})` };
  const { resourceId, destination, trafficType = 'ALL', region, account, deliverLogsRoleArn } = value;
  const format = readFormat(value);
  if ('problem' in format) return format;
  if (typeof resourceId !== 'string' || !FLOW_LOG_RESOURCE_ID.test(resourceId)) {
    return { field: '.resourceId', problem: 'must be a VPC, subnet or network interface id (vpc-…, subnet-…, eni-…)' };
  }
  const logGroup = typeof destination === 'string' ? logGroupOf(destination) : undefined;
  if (typeof destination === 'string' && LOGS_ARN.test(destination) && logGroup === undefined) {
    return { field: '.destination', problem: 'must be a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)' };
  }
  if (typeof destination !== 'string' || (logGroup === undefined && !S3_DESTINATION.test(destination))) {
    return { field: '.destination', problem: 'must be an S3 bucket ARN, optionally with a prefix (arn:aws:s3:::bucket/prefix), or a CloudWatch Logs log group ARN' };
  }
  if (typeof trafficType !== 'string' || !(TRAFFIC_TYPES as readonly string[]).includes(trafficType)) {
    return { field: '.trafficType', problem: `must be one of ${TRAFFIC_TYPES.join(', ')}` };
  }
  if (region !== undefined && (typeof region !== 'string' || !REGION_NAME.test(region))) return { field: '.region', problem: 'must be a region name' };
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT_ID.test(account))) return { field: '.account', problem: 'must be a 12-digit AWS account id' };
  const accountField = { ...(account !== undefined ? { account: account as string } : {}), ...format };
  if (logGroup === undefined) {
    if (deliverLogsRoleArn !== undefined) return { field: '.deliverLogsRoleArn', problem: 'applies only to a CloudWatch Logs log group destination (S3 delivery needs no role)' };
    return { resourceId, destination, trafficType: trafficType as TrafficType, ...(region !== undefined ? { region: region as string } : {}), ...accountField };
  }
  if (format.s3Options !== undefined) return { field: '.s3Options', problem: 'applies only to an S3 destination (file format and partitions of the objects written)' };
  // The log group's account is the one whose trail role recreates the flow log (and passes its delivery role).
  if (account !== undefined && account !== logGroup.account) {
    return { field: '.account', problem: `is ${String(account)} but the log group is in ${logGroup.account}: a log group entry belongs to its group's account` };
  }
  // A flow log delivers to a log group of its own region; a log group elsewhere would never be the one recreated.
  if (region !== undefined && region !== logGroup.region) {
    return { field: '.region', problem: `is ${String(region)} but the log group is in ${logGroup.region}: a flow log delivers to a log group of its own region` };
  }
  if (typeof deliverLogsRoleArn !== 'string') {
    return { field: '.deliverLogsRoleArn', problem: 'is required with a CloudWatch Logs destination: the exact ARN of the IAM role that delivers the flow logs (trailguard may pass only that role)' };
  }
  const role = IAM_ROLE_ARN.exec(deliverLogsRoleArn);
  if (role === null) return { field: '.deliverLogsRoleArn', problem: 'must be an exact IAM role ARN (arn:aws:iam::<account>:role/<path/name>), no wildcards' };
  if (role[1] !== logGroup.account) {
    return { field: '.deliverLogsRoleArn', problem: `is in account ${role[1]!}, the log group in ${logGroup.account}: the delivery role must be of the log group's account` };
  }
  // Without the `:*` the console shows, so that both spellings are one declared flow log.
  return { resourceId, destination: destination.replace(/:\*$/, ''), trafficType: trafficType as TrafficType, region: logGroup.region, ...accountField, deliverLogsRoleArn };
};

export const isDeclaredFlowLog = (read: ReturnType<typeof readDeclaredFlowLog>): read is DeclaredFlowLog => !('problem' in read);
