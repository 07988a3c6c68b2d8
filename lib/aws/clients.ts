import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SNSClient } from '@aws-sdk/client-sns';
import { TrailguardError } from '../errors';

/**
 * The AWS clients the responder uses, one per service and region. The engine and handlers take this interface,
 * so tests can hand them fakes; with real clients, `mockClient(EC2Client)` (which stubs `EC2Client.prototype.send`)
 * intercepts them too.
 */
export interface AwsClients {
  ec2(region: string): EC2Client;
  cloudtrail(region: string): CloudTrailClient;
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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const perRegion = <C>(service: string, create: (region: string) => C): ((region: string) => C) => {
  const cache = new Map<string, C>();
  return (region) => {
    const cached = cache.get(region);
    if (cached) return cached;
    // A typo'd region would otherwise become a DNS failure at send time, after the retries.
    if (!REGION.test(region)) throw new TrailguardError(`no ${service} client for invalid region "${region}"`);
    const client = create(region);
    cache.set(region, client);
    return client;
  };
};

/**
 * Builds the client factory. Each client is created on first use for its region and then reused: build this
 * once per Lambda container (at module scope or cold start), never per event, so connections are kept alive.
 *
 * @example
 * const clients = createAwsClients();
 * await clients.cloudtrail('eu-west-1').send(new StartLoggingCommand({ Name: 'org-trail' }));
 */
export const createAwsClients = (options: AwsClientOptions = {}): AwsClients => {
  const config = (region: string) => ({
    region,
    maxAttempts: CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs,
    },
  });
  return {
    ec2: perRegion('ec2', (region) => new EC2Client(config(region))),
    cloudtrail: perRegion('cloudtrail', (region) => new CloudTrailClient(config(region))),
    sns: perRegion('sns', (region) => new SNSClient(config(region))),
  };
};
