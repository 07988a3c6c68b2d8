import type { CloudTrailRecord, JsonObject, UserIdentity } from '../../../lib/cloudtrail/record';
import { apiCall, consoleSignIn, exampleId } from '../records';
import { consoleUserAgent, cliCommand, GLOBAL_REGION, userAgents, type Actor } from './fleet';
import { Rng, UPPER_ALNUM } from './prng';

/** What one API call looks like, apart from who made it, when and where. */
export interface CallSpec {
  readonly eventSource: string;
  readonly eventName: string;
  readonly requestParameters?: JsonObject | null;
  readonly responseElements?: JsonObject | null;
  readonly additionalEventData?: JsonObject;
  readonly resources?: readonly JsonObject[];
  /** Defaults to the verb rule in apiCall (Describe/Get/List… are read-only). */
  readonly readOnly?: boolean;
  /** A data event (S3 object, Lambda Invoke, DynamoDB item): eventCategory Data, managementEvent false. */
  readonly data?: boolean;
  readonly eventType?: 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleAction';
  /** Forces the region; global services otherwise go to us-east-1 and everything else to the caller's region. */
  readonly region?: string;
  readonly eventVersion?: string;
  /** S3 writes its own 16-character request ids; console actions have none. */
  readonly requestId?: 'uuid' | 's3' | 'none';
  /** The TLS host the client asked for, when it is not `<service>.<region>.amazonaws.com` (S3 bucket hosts). */
  readonly host?: string;
  readonly apiVersion?: string;
  /** Replaces the actor's identity (service events carry only accountId and invokedBy). */
  readonly identity?: UserIdentity;
}

export interface Failure {
  readonly code: string;
  readonly message: string;
}

/** Services CloudTrail records in us-east-1 whatever region the caller used. */
const GLOBAL_SOURCES = new Set([
  'iam.amazonaws.com',
  'organizations.amazonaws.com',
  'billingconsole.amazonaws.com',
  'support.amazonaws.com',
  'account.amazonaws.com',
]);

/** eventVersion by source: the versions real records of that service carry today, most common first. */
const VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'ec2.amazonaws.com': ['1.10', '1.10', '1.09'],
  's3.amazonaws.com': ['1.10', '1.09'],
  'kms.amazonaws.com': ['1.10', '1.08'],
  'sts.amazonaws.com': ['1.08', '1.10'],
  'logs.amazonaws.com': ['1.09', '1.08'],
  'ssm.amazonaws.com': ['1.09', '1.08'],
  'signin.amazonaws.com': ['1.09', '1.05'],
  'lambda.amazonaws.com': ['1.09', '1.08'],
  'dynamodb.amazonaws.com': ['1.09', '1.08'],
};
const DEFAULT_VERSIONS = ['1.09', '1.10', '1.08'];

/** CloudTrail's field order, so generated files read like real ones. */
const FIELD_ORDER = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'apiVersion',
  'managementEvent',
  'recipientAccountId',
  'sharedEventID',
  'vpcEndpointId',
  'eventCategory',
  'tlsDetails',
  'sessionCredentialFromConsole',
] as const;

const canonical = (record: CloudTrailRecord): CloudTrailRecord => {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (record[key] !== undefined) out[key] = record[key];
  for (const key of Object.keys(record)) if (!(key in out) && record[key] !== undefined) out[key] = record[key];
  return out as unknown as CloudTrailRecord;
};

/** Fields CloudTrail added after a record's eventVersion: old records (still in long histories) lack them. */
const stripForVersion = (record: CloudTrailRecord): void => {
  const version = Number(record.eventVersion ?? '1.10');
  if (version < 1.06) delete record.managementEvent;
  if (version < 1.08) {
    delete record.eventCategory;
    delete record.tlsDetails;
    delete record.sessionCredentialFromConsole;
  }
};

/** `2026-11-06T17:42:09Z`: CloudTrail's eventTime, to the second. */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Nov 6, 2026, 5:42:09 PM`: how IAM and STS responses write dates in CloudTrail (Java's default format). */
export const javaDate = (ms: number): string => {
  const d = new Date(ms);
  const hour = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hour}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
};

const HOUR = 3_600_000;

/**
 * Turns (actor, time, region, call) into a CloudTrail record, starting from the shared `apiCall`/`consoleSignIn`
 * builders. Owns the id sequence: eventIDs are `exampleId("<prefix>:<n>")`, so the n-th record of a seeded run
 * always has the same id.
 */
export class Recorder {
  private n = 0;
  private readonly identityCache = new Map<Actor, { bucket: number; identity: UserIdentity }>();

  constructor(
    readonly rng: Rng,
    private readonly idPrefix: string,
  ) {}

  get count(): number {
    return this.n;
  }

  nextEventId(): string {
    return exampleId(`${this.idPrefix}:${++this.n}`);
  }

  call(actor: Actor, time: number, region: string, spec: CallSpec, failure?: Failure): CloudTrailRecord {
    const rng = this.rng;
    const awsRegion = spec.region ?? (GLOBAL_SOURCES.has(spec.eventSource) ? GLOBAL_REGION : region);
    const service = actor.agent.kind === 'service';
    const record = apiCall({
      eventSource: spec.eventSource,
      eventName: spec.eventName,
      eventVersion: spec.eventVersion ?? rng.pick(VERSIONS[spec.eventSource] ?? DEFAULT_VERSIONS),
      userIdentity: spec.identity ?? this.identityAt(actor, time),
      eventTime: isoSeconds(time),
      awsRegion,
      sourceIPAddress: actor.sourceIp,
      userAgent: this.userAgentFor(actor, spec),
      ...(failure ? { errorCode: failure.code, errorMessage: failure.message } : {}),
      requestParameters: spec.requestParameters ?? null,
      responseElements: failure ? null : (spec.responseElements ?? null),
      ...(spec.additionalEventData ? { additionalEventData: spec.additionalEventData } : {}),
      requestID: spec.requestId === 's3' ? rng.chars(16, UPPER_ALNUM) : rng.uuid(),
      eventID: this.nextEventId(),
      ...(spec.readOnly !== undefined ? { readOnly: spec.readOnly } : {}),
      ...(spec.resources ? { resources: [...spec.resources] } : {}),
      eventType: spec.eventType ?? 'AwsApiCall',
      ...(spec.apiVersion ? { apiVersion: spec.apiVersion } : {}),
      managementEvent: spec.data !== true,
      recipientAccountId: actor.account,
      eventCategory: spec.data ? 'Data' : 'Management',
      ...(actor.agent.kind === 'console' ? { sessionCredentialFromConsole: 'true' } : {}),
    });
    if (spec.requestId === 'none') delete record.requestID;
    // EC2 echoes the request id in its response; CloudTrail's requestID is the same value.
    const echoed = spec.responseElements?.requestId;
    if (!failure && typeof echoed === 'string') record.requestID = echoed;
    if (service || spec.eventType === 'AwsServiceEvent') {
      delete record.tlsDetails;
    } else if (spec.host || GLOBAL_SOURCES.has(spec.eventSource)) {
      const host = spec.host ?? `${spec.eventSource.split('.')[0]}.amazonaws.com`;
      record.tlsDetails = { ...(record.tlsDetails as JsonObject), clientProvidedHostHeader: host };
    }
    stripForVersion(record);
    return canonical(record);
  }

  /** A ConsoleLogin record (eventType AwsConsoleSignIn). */
  signIn(
    actor: Actor,
    time: number,
    options: { outcome: 'Success' | 'Failure'; mfaUsed: 'Yes' | 'No'; region?: string; errorMessage?: string; identity?: UserIdentity },
  ): CloudTrailRecord {
    const agent = actor.agent;
    const browser = agent.kind === 'sdk' ? agent.userAgent : agent.kind === 'console' ? (agent.browser ?? userAgents.chromeMac) : userAgents.chromeMac;
    const identity = options.identity ?? this.signInIdentity(actor, time);
    const mfaSerial = options.mfaUsed === 'Yes' && identity.type === 'IAMUser' ? { MFAIdentifier: `arn:aws:iam::${actor.account}:mfa/${identity.userName}` } : {};
    const record = consoleSignIn({
      outcome: options.outcome,
      mfaUsed: options.mfaUsed,
      eventVersion: this.rng.pick(VERSIONS['signin.amazonaws.com']!),
      userIdentity: identity,
      eventTime: isoSeconds(time),
      awsRegion: options.region ?? GLOBAL_REGION,
      sourceIPAddress: actor.sourceIp,
      userAgent: browser,
      eventID: this.nextEventId(),
      recipientAccountId: actor.account,
    });
    const region = options.region ?? GLOBAL_REGION;
    record.additionalEventData = {
      LoginTo: `https://${region === GLOBAL_REGION ? '' : `${region}.`}console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_${region}_${this.rng.hex(16)}`,
      MobileVersion: 'No',
      MFAUsed: options.mfaUsed,
      ...mfaSerial,
    };
    if (options.outcome === 'Failure') record.errorMessage = options.errorMessage ?? 'Failed authentication';
    stripForVersion(record);
    return canonical(record);
  }

  /** The identity CloudTrail writes at the moment of a sign-in: no session yet, so no session context. */
  private signInIdentity(actor: Actor, time: number): UserIdentity {
    const { sessionContext: _session, accessKeyId: _key, ...rest } = this.identityAt(actor, time);
    return actor.identity.type === 'AssumedRole' ? this.identityAt(actor, time) : { ...rest, accessKeyId: '' };
  }

  /**
   * The actor's identity with a session that started at a plausible time before `time`: role sessions last an
   * hour (SSO sessions 8), console sessions carry the MFA state of their sign-in. Cached per session.
   */
  identityAt(actor: Actor, time: number): UserIdentity {
    const identity = actor.identity;
    const console = actor.agent.kind === 'console';
    const roleSession = identity.type === 'AssumedRole';
    if (!roleSession && !console && identity.type !== 'Root') return identity;
    const period = actor.kind === 'sso-user' ? 8 * HOUR : HOUR;
    // Sessions start a little after the period boundary (an offset stable per actor) and never after the call.
    const offset = (actor.name.length * 7919) % Math.min(period / 4, 900_000);
    const bucket = Math.floor((time - offset) / period);
    const cached = this.identityCache.get(actor);
    if (cached?.bucket === bucket) return cached.identity;
    const start = actor.sessionStart !== undefined && actor.sessionStart <= time ? actor.sessionStart : bucket * period + offset;
    const attributes = { creationDate: isoSeconds(start), mfaAuthenticated: actor.mfa ? 'true' : 'false' };
    const consoleKey = console && typeof identity.accessKeyId === 'string' ? identity.accessKeyId.replace(/^AKIA/, 'ASIA') : identity.accessKeyId;
    const built: UserIdentity = {
      ...identity,
      ...(consoleKey !== undefined ? { accessKeyId: consoleKey } : {}),
      sessionContext: { ...identity.sessionContext, attributes },
    };
    this.identityCache.set(actor, { bucket, identity: built });
    return built;
  }

  private userAgentFor(actor: Actor, spec: CallSpec): string {
    const agent = actor.agent;
    switch (agent.kind) {
      case 'console':
        return consoleUserAgent(spec.eventSource, agent.browser ?? userAgents.chromeMac);
      case 'cli':
        return userAgents.cli('macos#23.6.0 md/arch#arm64', cliCommand(spec.eventSource, spec.eventName));
      case 'sdk':
        return agent.userAgent;
      case 'service':
        return agent.host;
    }
  }
}
