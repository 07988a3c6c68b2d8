import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { detailTypeOf, toEnvelope, type EventBridgeEnvelope } from '../../../lib/cloudtrail/envelope';
import { get, isObject, str, type CloudTrailRecord, type JsonObject } from '../../../lib/cloudtrail/record';
import type { Rng } from './prng';

/**
 * The shapes replay reads (README "Inputs"), written the way AWS and common tools write them: CloudTrail's
 * S3 delivery tree, NDJSON from a log shipper, EventBridge events, and `aws cloudtrail lookup-events` output.
 */

const gzipAsync = promisify(gzip);
const FIVE_MINUTES = 300_000;

/** One CloudTrail log file: the records of one account and region delivered together. */
export interface LogFile {
  readonly account: string;
  readonly region: string;
  /** When CloudTrail wrote the file: names it and decides its date folder. */
  readonly deliveredAt: number;
  readonly records: readonly CloudTrailRecord[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHMMZ_<16 chars>.json.gz` */
export const logFileKey = (file: Pick<LogFile, 'account' | 'region' | 'deliveredAt'>, suffix: string): string => {
  const d = new Date(file.deliveredAt);
  const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  const stamp = `${y}${m}${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  return `AWSLogs/${file.account}/CloudTrail/${file.region}/${y}/${m}/${day}/${file.account}_CloudTrail_${file.region}_${stamp}_${suffix}.json.gz`;
};

/**
 * Groups records as CloudTrail delivers them: per account and region, per five-minute window, split into files
 * of at most `recordsPerFile`. Files reach S3 a few minutes after their window closes, and records inside a file
 * are only roughly in time order (CloudTrail does not promise any order).
 */
export const groupIntoLogFiles = (records: Iterable<CloudTrailRecord>, rng: Rng, recordsPerFile: number): LogFile[] => {
  const groups = new Map<string, { account: string; region: string; window: number; records: CloudTrailRecord[] }>();
  for (const record of records) {
    const account = record.recipientAccountId ?? 'unknown';
    const window = Math.floor(Date.parse(record.eventTime) / FIVE_MINUTES);
    const key = `${window}|${account}|${record.awsRegion}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { account, region: record.awsRegion, window, records: [] }));
    group.records.push(record);
  }
  const files: LogFile[] = [];
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  for (const group of ordered) {
    const sorted = group.records.slice().sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (rng.chance(0.15)) [sorted[i - 1], sorted[i]] = [sorted[i]!, sorted[i - 1]!];
    }
    const count = Math.ceil(sorted.length / recordsPerFile);
    const size = Math.ceil(sorted.length / count);
    for (let start = 0; start < sorted.length; start += size) {
      files.push({
        account: group.account,
        region: group.region,
        deliveredAt: (group.window + 1) * FIVE_MINUTES + rng.int(1, 5) * 60_000,
        records: sorted.slice(start, start + size),
      });
    }
  }
  return files;
};

export interface WriteStats {
  files: number;
  records: number;
  rawBytes: number;
  gzipBytes: number;
}

/**
 * Writes log files under `root` as `{"Records":[...]}` gzipped, several at a time: zlib compresses on libuv's
 * thread pool, so a few files in flight keep both cores busy while the generator builds the next window.
 */
export class S3TreeWriter {
  readonly stats: WriteStats = { files: 0, records: 0, rawBytes: 0, gzipBytes: 0 };
  readonly keys: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly directories = new Map<string, Promise<unknown>>();
  private failure: unknown;

  constructor(
    private readonly root: string,
    private readonly rng: Rng,
    private readonly concurrency = 4,
    /**
     * Leave a file in place when it already holds exactly these records: deflate's bytes differ between zlib
     * builds (Node versions), so without this a checked-in tree would be rewritten by every regeneration elsewhere.
     */
    private readonly keepIdentical = false,
  ) {}

  async write(file: LogFile): Promise<string> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const key = logFileKey(file, this.rng.chars(16));
    const body = Buffer.from(JSON.stringify({ Records: file.records }));
    this.stats.files++;
    this.stats.records += file.records.length;
    this.stats.rawBytes += body.length;
    this.keys.push(key);
    const task = this.store(key, body).then(
      () => void this.inFlight.delete(task),
      (error: unknown) => {
        this.failure ??= error;
        this.inFlight.delete(task);
      },
    );
    this.inFlight.add(task);
    return key;
  }

  async close(): Promise<WriteStats> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    return this.stats;
  }

  private async store(key: string, body: Buffer): Promise<void> {
    const path = join(this.root, key);
    const directory = dirname(path);
    let made = this.directories.get(directory);
    if (!made) this.directories.set(directory, (made = mkdir(directory, { recursive: true })));
    const [compressed] = await Promise.all([gzipAsync(body, { level: 6 }), made]);
    // The gzip header's OS byte differs between platforms' zlib builds; pin it (Unix) so output is byte-identical.
    compressed[9] = 3;
    this.stats.gzipBytes += compressed.length;
    if (this.keepIdentical && (await holds(path, body))) return;
    await writeFile(path, compressed);
  }
}

const holds = async (path: string, body: Buffer): Promise<boolean> => {
  const existing = await readFile(path).catch(() => undefined);
  if (existing === undefined) return false;
  try {
    return gunzipSync(existing).equals(body);
  } catch {
    return false;
  }
};

/** Newline-delimited JSON, one value per line, as log shippers (Fluent Bit, Vector, Firehose) write records. */
export const toNdjson = (values: readonly unknown[]): string => values.map((value) => JSON.stringify(value)).join('\n') + '\n';

/**
 * Records as the default event bus delivers them to a rule target or archive. EventBridge gives every event its
 * own id (not the CloudTrail eventID, which stays in `detail`); records CloudTrail never puts on the bus are left out.
 */
export const toEventBridgeEvents = (records: readonly CloudTrailRecord[], rng: Rng): EventBridgeEnvelope[] =>
  records.filter((record) => detailTypeOf(record) !== undefined).map((record) => ({ ...toEnvelope(record), id: rng.uuid() }));

/** EventBridge events as one JSON array (what `aws events` tooling and test fixtures often hold) or one per line. */
export const eventBridgeText = (records: readonly CloudTrailRecord[], rng: Rng, format: 'array' | 'ndjson'): string => {
  const events = toEventBridgeEvents(records, rng);
  return format === 'array' ? `${JSON.stringify(events, null, 2)}\n` : toNdjson(events);
};

// lookup-events ---------------------------------------------------------------------------------------------------

export interface LookupEventsOptions {
  /**
   * AWS CLI v2 prints timestamps as ISO 8601 in the local time zone (`2026-11-07T20:02:11+11:00`); v1, and v2 with
   * `cli_timestamp_format = wire`, print the API's epoch seconds as a float (`1762506131.0`).
   */
  readonly eventTime?: 'iso' | 'epoch';
  /** The local time zone of the machine that ran the CLI, for the ISO form. */
  readonly utcOffsetMinutes?: number;
  /** Present when there are more pages. */
  readonly nextToken?: string;
}

const RESOURCE_TYPES: readonly (readonly [string, string])[] = [
  ['groupId', 'AWS::EC2::SecurityGroup'],
  ['instanceId', 'AWS::EC2::Instance'],
  ['vpcId', 'AWS::EC2::VPC'],
  ['networkAclId', 'AWS::EC2::NetworkAcl'],
  ['routeTableId', 'AWS::EC2::RouteTable'],
  ['internetGatewayId', 'AWS::EC2::InternetGateway'],
  ['userName', 'AWS::IAM::User'],
  ['roleName', 'AWS::IAM::Role'],
  ['policyArn', 'AWS::IAM::Policy'],
  ['bucketName', 'AWS::S3::Bucket'],
  ['policyId', 'AWS::Organizations::Policy'],
  ['targetId', 'AWS::Organizations::OrganizationalUnit'],
];

/** The Resources list lookup-events derives from a record. */
const lookupResources = (record: CloudTrailRecord): JsonObject[] => {
  const out: JsonObject[] = [];
  const request = record.requestParameters;
  for (const [field, type] of RESOURCE_TYPES) {
    const value = str(get(request, field));
    if (value) out.push({ ResourceType: type, ResourceName: value });
  }
  if (record.eventSource === 'cloudtrail.amazonaws.com' && str(get(request, 'name'))) {
    out.push({ ResourceType: 'AWS::CloudTrail::Trail', ResourceName: str(get(request, 'name')) });
  }
  const key = str(get(record.responseElements, 'accessKey', 'accessKeyId'));
  if (key) out.push({ ResourceType: 'AWS::IAM::AccessKey', ResourceName: key });
  if (out.length === 0 && Array.isArray(record.resources)) {
    for (const resource of record.resources) {
      if (isObject(resource) && str(resource.type) && str(resource.ARN)) out.push({ ResourceType: resource.type, ResourceName: resource.ARN });
    }
  }
  return out;
};

/** Who lookup-events says did it: the user name, the role session name, or `root`. */
const lookupUsername = (record: CloudTrailRecord): string | undefined => {
  const identity = record.userIdentity;
  if (!identity) return undefined;
  if (identity.type === 'Root') return 'root';
  if (identity.type === 'IAMUser') return str(identity.userName);
  if (identity.type === 'AssumedRole') return str(identity.arn)?.split('/').pop();
  return str(identity.userName);
};

const EPOCH = '\u0000epoch:';

const isoWithOffset = (ms: number, offsetMinutes: number): string => {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}+00:00`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

/**
 * A page of `aws cloudtrail lookup-events` output: management events only, newest first, each with the record
 * as a JSON string in CloudTrailEvent. Printed as the CLI prints JSON (four-space indent).
 */
export const toLookupEvents = (records: readonly CloudTrailRecord[], options: LookupEventsOptions = {}): string => {
  const events = records
    .filter((record) => record.managementEvent !== false && record.eventCategory !== 'Data')
    .slice()
    .sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0))
    .map((record) => {
      const ms = Date.parse(record.eventTime);
      const accessKeyId = str(record.userIdentity?.accessKeyId);
      const username = lookupUsername(record);
      return {
        EventId: record.eventID,
        EventName: record.eventName,
        ReadOnly: String(record.readOnly === true),
        ...(accessKeyId ? { AccessKeyId: accessKeyId } : {}),
        EventTime: options.eventTime === 'epoch' ? `${EPOCH}${ms / 1000}.0` : isoWithOffset(ms, options.utcOffsetMinutes ?? 0),
        EventSource: record.eventSource,
        ...(username ? { Username: username } : {}),
        Resources: lookupResources(record),
        CloudTrailEvent: JSON.stringify(record),
      };
    });
  const page = { Events: events, ...(options.nextToken ? { NextToken: options.nextToken } : {}) };
  // Epoch times are JSON numbers with a trailing .0, which JSON.stringify cannot write: placeholder, then swap.
  return JSON.stringify(page, null, 4).replace(/"\\u0000epoch:([0-9.]+)"/g, '$1') + '\n';
};
