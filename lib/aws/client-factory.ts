import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SNSClient } from '@aws-sdk/client-sns';
import { TrailguardError } from '../errors';
import { REGION_NAME } from '../cloudtrail/record';
import { DEADLINE_DEFAULTS, DeadlineExceededError, invocationDeadline, type InvocationDeadline } from './deadline';

/**
 * The AWS clients the responder uses, one per service and region. The engine and handlers take this interface,
 * so tests can hand them fakes; with real clients, `mockClient(EC2Client)` (which stubs `EC2Client.prototype.send`)
 * intercepts them too.
 */
export interface AwsClients {
  ec2(region: string): EC2Client;
  cloudtrail(region: string): CloudTrailClient;
  config(region: string): ConfigServiceClient;
  sns(region: string): SNSClient;
  /** The stage's state table (idempotency, failure counts, shared alert dedup). */
  dynamodb(region: string): DynamoDBClient;
  /** IAM is global: its one endpoint lives in the partition's home region (us-east-1 for aws). */
  iam(region: string): IAMClient;
  eventbridge(region: string): EventBridgeClient;
  lambda(region: string): LambdaClient;
  rds(region: string): RDSClient;
  kms(region: string): KMSClient;
}

export interface AwsClientOptions {
  /** Time allowed to open the TCP/TLS connection (default 2000 ms). */
  readonly connectionTimeoutMs?: number;
  /**
   * Time allowed for the whole request (default 5000 ms), and never more than the invocation has left (see
   * lib/aws/deadline.ts); a timeout throws a retryable TimeoutError.
   */
  readonly requestTimeoutMs?: number;
  /** Another endpoint for every service (a local AWS implementation in tests); default: the region's. */
  readonly endpoint?: string;
  /** The deadline calls are fitted into (default: the container's invocation deadline). */
  readonly deadline?: InvocationDeadline;
  /** Credentials to sign with (a member account's assumed role, lib/aws/member-access.ts); default: the function's own. */
  readonly credentials?: ClientCredentials;
}

/** A credential provider as the SDK takes it: called again when the credentials near their expiration. */
export type ClientCredentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

export const CLIENT_DEFAULTS = {
  // Retries live in lib/aws/retry.ts, around `send`; a second layer inside the SDK would multiply attempts.
  maxAttempts: 1,
  // The calls made here answer in well under a second; a hung socket must fail fast enough to be retried within
  // the invocation rather than eat the function's whole timeout (and each request also gets no more than the
  // invocation has left: lib/aws/deadline.ts).
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  // CloudTrail's LookupEvents (the event history the revert paths read) is slow: seconds per page are common, more
  // in us-east-1. A page cut off at 5 s would read as "history unreadable" and lose the previous values.
  historyRequestTimeoutMs: 15_000,
} as const;

/** The request timeout of one service's client: the configured one, or the defaults (CloudTrail's longer). */
export const requestTimeoutFor = (service: 'cloudtrail' | 'other', configured: number | undefined): number =>
  configured ?? (service === 'cloudtrail' ? CLIENT_DEFAULTS.historyRequestTimeoutMs : CLIENT_DEFAULTS.requestTimeoutMs);


/** SDK attempts of a state-table call (the only client whose retries are the SDK's own). */
export const STATE_MAX_ATTEMPTS = 3;

const perRegion = <C>(service: string, create: (region: string) => C): ((region: string) => C) => {
  const cache = new Map<string, C>();
  return (region) => {
    const cached = cache.get(region);
    if (cached) return cached;
    // A typo'd region would otherwise become a DNS failure at send time, after the retries.
    if (!REGION_NAME.test(region)) throw new TrailguardError(`no ${service} client for invalid region "${region}"`);
    const client = create(region);
    cache.set(region, client);
    return client;
  };
};

type ClientConfig = {
  region: string;
  maxAttempts: number;
  endpoint?: string;
  credentials?: ClientCredentials;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
};

interface HttpHandlerLike {
  handle(request: unknown, options?: { abortSignal?: unknown; requestTimeout?: number }): Promise<unknown>;
}

/**
 * Fits every request of `client` into the invocation's deadline: the request timeout becomes the smaller of the
 * configured one and the time left (minus `reserveMs`), and a request with less than minAttemptMs left is not
 * sent at all. It wraps the client's own HTTP handler (the SDK reads `config.requestHandler` on every send), so
 * timeouts, retries and credentials stay the SDK's.
 */
const fitToDeadline = <C>(client: C, service: string, reserveMs: number, requestTimeoutMs: number, deadline: InvocationDeadline): C => {
  const config = (client as { config?: { requestHandler?: HttpHandlerLike } }).config;
  const inner = config?.requestHandler;
  if (!config || !inner || typeof inner.handle !== 'function') return client;
  const handle: HttpHandlerLike['handle'] = (request, options = {}) => {
    const remaining = deadline.remaining(reserveMs);
    if (remaining === Number.POSITIVE_INFINITY) return inner.handle(request, options);
    if (remaining < DEADLINE_DEFAULTS.minAttemptMs) return Promise.reject(new DeadlineExceededError(`${service} call`, remaining));
    return inner.handle(request, { ...options, requestTimeout: Math.min(options.requestTimeout ?? requestTimeoutMs, Math.floor(remaining)) });
  };
  config.requestHandler = new Proxy(inner, {
    get: (target, property) => {
      if (property === 'handle') return handle;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return client;
};

/**
 * The SDK client classes a function uses. Only what a function's handler passes in is bundled into it, so the
 * alert-only function carries no EC2 or CloudTrail client code (smaller bundle, faster cold start).
 */
export interface AwsClientClasses {
  readonly ec2?: new (config: ClientConfig) => EC2Client;
  readonly cloudtrail?: new (config: ClientConfig) => CloudTrailClient;
  readonly config?: new (config: ClientConfig) => ConfigServiceClient;
  readonly sns?: new (config: ClientConfig) => SNSClient;
  readonly dynamodb?: new (config: ClientConfig) => DynamoDBClient;
  readonly iam?: new (config: ClientConfig) => IAMClient;
  readonly eventbridge?: new (config: ClientConfig) => EventBridgeClient;
  readonly lambda?: new (config: ClientConfig) => LambdaClient;
  readonly rds?: new (config: ClientConfig) => RDSClient;
  readonly kms?: new (config: ClientConfig) => KMSClient;
}

const missing = (service: string) => (): never => {
  throw new TrailguardError(`this function has no ${service} client: its handler does not wire one`);
};

/**
 * Builds the client factory from the classes a function needs. Each client is created on first use for its region
 * and then reused: build this once per Lambda container (at cold start), never per event, so connections are
 * kept alive.
 */
export const createClients = (classes: AwsClientClasses, options: AwsClientOptions = {}): AwsClients => {
  const requestTimeout = requestTimeoutFor('other', options.requestTimeoutMs);
  const historyTimeout = requestTimeoutFor('cloudtrail', options.requestTimeoutMs);
  const deadline = options.deadline ?? invocationDeadline;
  const config = (region: string, timeout = requestTimeout): ClientConfig => ({
    region,
    maxAttempts: CLIENT_DEFAULTS.maxAttempts,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: timeout,
      // Without it the SDK's HTTP handler only logs a warning when the timeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  });
  // Remediation calls leave time for the alert that reports them; the alert itself only for shutting down.
  const remediationReserve = DEADLINE_DEFAULTS.shutdownMs + DEADLINE_DEFAULTS.alertMs;
  const alertReserve = DEADLINE_DEFAULTS.shutdownMs;
  const fitted = <C>(service: string, reserve: number, create: (region: string) => C, timeout = requestTimeout) => (region: string): C =>
    fitToDeadline(create(region), service, reserve, timeout, deadline);
  const { ec2: Ec2, cloudtrail: CloudTrail, config: Config, sns: Sns, dynamodb: DynamoDb, iam: Iam, eventbridge: EventBridge, lambda: Lambda, rds: Rds, kms: Kms } = classes;
  return {
    ec2: Ec2 ? perRegion('ec2', fitted('EC2', remediationReserve, (region) => new Ec2(config(region)))) : missing('EC2'),
    cloudtrail: CloudTrail
      ? perRegion('cloudtrail', fitted('CloudTrail', remediationReserve, (region) => new CloudTrail(config(region, historyTimeout)), historyTimeout))
      : missing('CloudTrail'),
    config: Config ? perRegion('config', fitted('AWS Config', remediationReserve, (region) => new Config(config(region)))) : missing('AWS Config'),
    sns: Sns ? perRegion('sns', fitted('SNS', alertReserve, (region) => new Sns(config(region)))) : missing('SNS'),
    // State calls bracket the remediation and the alert: the same reserve as the alert, so recording an outcome
    // never eats the time the alert needs less than the alert itself does.
    // Powertools makes these calls itself, outside lib/aws/retry.ts: the SDK's standard retries (throttling and
    // transient errors, 3 attempts) stand in for it here.
    dynamodb: DynamoDb
      ? perRegion('dynamodb', fitted('DynamoDB', alertReserve, (region) => new DynamoDb({ ...config(region), maxAttempts: STATE_MAX_ATTEMPTS })))
      : missing('DynamoDB'),
    iam: Iam ? perRegion('iam', fitted('IAM', remediationReserve, (region) => new Iam(config(region)))) : missing('IAM'),
    eventbridge: EventBridge ? perRegion('eventbridge', fitted('EventBridge', remediationReserve, (region) => new EventBridge(config(region)))) : missing('EventBridge'),
    lambda: Lambda ? perRegion('lambda', fitted('Lambda', remediationReserve, (region) => new Lambda(config(region)))) : missing('Lambda'),
    rds: Rds ? perRegion('rds', fitted('RDS', remediationReserve, (region) => new Rds(config(region)))) : missing('RDS'),
    kms: Kms ? perRegion('kms', fitted('KMS', remediationReserve, (region) => new Kms(config(region)))) : missing('KMS'),
  };
};
