import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SNSClient } from '@aws-sdk/client-sns';
import { TrailguardError } from '../errors';
import { REGION_NAME } from '../cloudtrail/record';

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
}

export interface AwsClientOptions {
  /** Time allowed to open the TCP/TLS connection (default 2000 ms). */
  readonly connectionTimeoutMs?: number;
  /** Time allowed for the whole request (default 5000 ms); a timeout surfaces as a retryable TimeoutError. */
  readonly requestTimeoutMs?: number;
}

export const CLIENT_DEFAULTS = {
  // Retries live in lib/aws/retry.ts, around `send`; a second layer inside the SDK would multiply attempts.
  maxAttempts: 1,
  // The calls made here answer in well under a second; a hung socket must fail fast enough to be retried within
  // the invocation rather than eat the function's whole timeout.
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
} as const;


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
  requestHandler: { connectionTimeout: number; requestTimeout: number };
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
  const config = (region: string): ClientConfig => ({
    region,
    maxAttempts: CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs,
    },
  });
  const { ec2: Ec2, cloudtrail: CloudTrail, config: Config, sns: Sns } = classes;
  return {
    ec2: Ec2 ? perRegion('ec2', (region) => new Ec2(config(region))) : missing('EC2'),
    cloudtrail: CloudTrail ? perRegion('cloudtrail', (region) => new CloudTrail(config(region))) : missing('CloudTrail'),
    config: Config ? perRegion('config', (region) => new Config(config(region))) : missing('AWS Config'),
    sns: Sns ? perRegion('sns', (region) => new Sns(config(region))) : missing('SNS'),
  };
};
