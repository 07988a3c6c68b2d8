import type { Context } from 'aws-lambda';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { toEnvelope, type EventBridgeEnvelope } from '../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { ENV } from '../../lib/config';
import { createHandler } from '../../lib/lambda/create-handler';
import { logger } from '../../lib/lambda/powertools';
import { WIRING } from '../../lib/lambda/wiring';
import type { RuleDefinition } from '../../lib/rule';
import type { ResponderId } from '../../lib/functions';
import { RULES } from '../../rules';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:trailguard-test-alerts';

/** The environment serverless.yml gives a function, for one stage. */
export const stageEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
  [ENV.stage]: 'test',
  [ENV.mode]: 'enforce',
  [ENV.alertTopicArn]: TOPIC_ARN,
  ...overrides,
});

export const context = (functionName = 'trailguard-test-securityGroup'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: '2026/11/02/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** An EventBridge event as the bus delivers it: its own id, the CloudTrail record as detail. */
export const busEvent = (record: CloudTrailRecord, id = 'eb-5f1c2a9e-0000-4000-8000-000000000001'): EventBridgeEnvelope => ({
  ...toEnvelope(record),
  id,
});

type Json = Record<string, unknown>;

type Write = (chunk: string | Uint8Array) => boolean;

/** Replaces `stream.write` until the returned undo runs (plain assignment, so captures and filters can nest). */
const interceptWrite = (stream: NodeJS.WriteStream, write: (chunk: string | Uint8Array, previous: Write) => boolean): (() => void) => {
  const previous = stream.write as Write;
  const replacement: Write = (chunk) => write(chunk, previous.bind(stream));
  stream.write = replacement as typeof stream.write;
  return () => {
    stream.write = previous as typeof stream.write;
  };
};

/**
 * Captures what Powertools writes: its Logger and Metrics print through their own Console, one JSON document per
 * line: INFO/DEBUG logs and EMF blobs on process.stdout, WARN/ERROR/CRITICAL logs on process.stderr. Both are
 * captured; plain-text lines (Powertools' own warnings) are kept apart in `text()`.
 */
export const captureStdout = () => {
  const lines: string[] = [];
  const collect = (chunk: string | Uint8Array): boolean => {
    lines.push(...String(chunk).split('\n').filter((line) => line.trim() !== ''));
    return true;
  };
  const undo = [interceptWrite(process.stdout, collect), interceptWrite(process.stderr, collect)];
  const isJson = (line: string): boolean => line.trimStart().startsWith('{');
  const parsed = (): Json[] => lines.filter(isJson).map((line) => JSON.parse(line) as Json);
  return {
    logs: () => parsed().filter((entry) => 'level' in entry),
    emf: () => parsed().filter((entry) => '_aws' in entry),
    text: () => lines.filter((line) => !isJson(line)),
    restore: () => [...undo].reverse().forEach((restore) => restore()),
  };
};

/** The metric values in EMF blobs, with the dimensions each was emitted under. */
export const metricsIn = (emf: Json[]) =>
  emf.flatMap((blob) => {
    const aws = blob._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    return aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        name: metric.Name,
        namespace: directive.Namespace,
        value: blob[metric.Name],
        dimensions: Object.fromEntries(directive.Dimensions.flat().map((d) => [d, blob[d]])),
      })),
    );
  });

/** The dimensions every trailguard metric carries: Powertools' service and the stage createHandler adds. */
export const BASE_DIMENSIONS = { service: 'trailguard', stage: 'test' } as const;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What one invocation did: its result or rejection, and the log lines and metrics it wrote (stdout and stderr). */
export interface Invocation {
  readonly result: unknown;
  readonly error: unknown;
  readonly logs: Json[];
  readonly metrics: ReturnType<typeof metricsIn>;
}

/**
 * Invokes a handler as Lambda would, capturing its output for the duration; never throws (a rejection is returned as
 * `error`, so a test can assert both the rejection and what was logged and emitted before it).
 */
export const invoke = async (handler: Handler, event: unknown, ctx: Context = context()): Promise<Invocation> => {
  const output = captureStdout();
  let result: unknown;
  let error: unknown;
  try {
    result = await handler(event, ctx);
  } catch (caught) {
    error = caught;
  } finally {
    output.restore();
  }
  return { result, error, logs: output.logs(), metrics: metricsIn(output.emf()) };
};

/** The bodies of a `MessageStructure: json` SNS message. */
export interface AlertBodies {
  readonly default: string;
  readonly email: string;
  readonly sms: string;
}

export const bodiesOf = (message: string | undefined): AlertBodies => JSON.parse(message ?? 'null') as AlertBodies;

// GSM 03.38, written out here rather than taken from lib/alert/gsm7 so the SMS budget is checked independently.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

/** Septets `text` takes in GSM-7 (extension characters take two); undefined when it cannot be sent as GSM-7. */
export const gsm7Septets = (text: string): number | undefined => {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXTENSION.includes(ch)) septets += 2;
    else return undefined;
  }
  return septets;
};

/** A valid SNS Subject: printable ASCII, one line, fewer than 100 characters. */
export const isSnsSubject = (subject: string | undefined): boolean =>
  subject !== undefined && subject.length > 0 && subject.length < 100 && /^[\x20-\x7e]+$/.test(subject);

/**
 * Turns the shared Logger up to INFO for a test file (setup-env.ts silences it) and keeps it there across warm
 * invocations: on every warm start Powertools' middleware calls `refreshSampleRateCalculation()`, which puts the
 * level back to the one read from POWERTOOLS_LOG_LEVEL at import. Sampling is off (rate 0), so stubbing that
 * refresh changes nothing else. Returns the undo, for afterAll.
 */
export const enableLogs = (): (() => void) => {
  logger.setLogLevel('INFO');
  const refresh = jest.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  const unquiet = quietPowertoolsWarnings();
  return () => {
    unquiet();
    refresh.mockRestore();
    logger.setLogLevel('SILENT');
  };
};

/**
 * Powertools Metrics warnings that tests provoke on purpose and that would only clutter the output: building
 * several handlers in one process sets the default `stage` dimension again each time (a Lambda container builds
 * one), and an invocation that emits no metric (loop guard, not-for-us) is warned about. Everything else on
 * stderr still gets through.
 */
const EXPECTED_WARNINGS = [/^Dimension "stage" has already been added/, /^No application metrics to publish/];

const quietPowertoolsWarnings = (): (() => void) =>
  interceptWrite(process.stderr, (chunk, previous) => (EXPECTED_WARNINGS.some((warning) => warning.test(String(chunk))) ? true : previous(chunk)));

/** An SDK v3 client class, as aws-sdk-client-mock takes it. */
type ClientClass = Parameters<typeof mockClient>[0];

/**
 * The set-up every Lambda test file shares: each named SDK client mocked (every instance of its class), Powertools
 * logs turned up for the file and put back after it, and the mocks cleared between tests (`reset: 'each'`, the
 * default) or only once the file is done (`reset: 'after'`, for files that invoke once in `beforeAll` and assess
 * the same calls in several tests). Returns the mocks by the names given.
 *
 *   const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient });
 */
export const lambdaHarness = <const C extends Record<string, ClientClass>>(
  clients: C,
  options: { readonly reset?: 'each' | 'after' } = {},
): { readonly [K in keyof C]: AwsStub<any, any, any> } => {
  const mocks = Object.fromEntries(Object.entries(clients).map(([name, client]) => [name, mockClient(client)])) as {
    [K in keyof C]: AwsStub<any, any, any>;
  };
  const resetAll = () => Object.values(mocks).forEach((mock) => mock.reset());
  let restoreLogs: () => void = () => undefined;
  beforeAll(() => {
    restoreLogs = enableLogs();
  });
  afterAll(() => {
    restoreLogs();
    resetAll();
  });
  if ((options.reset ?? 'each') === 'each') beforeEach(resetAll);
  return mocks;
};

/**
 * A function's handler as its cold start builds it: the responder's wiring over the whole rule catalogue, with the
 * environment serverless.yml gives it (`stageEnv()` unless `env` is given).
 */
export const handlerFor = (
  responder: ResponderId,
  options: Omit<NonNullable<Parameters<typeof createHandler>[2]>, 'env'> & {
    readonly env?: Record<string, string>;
    readonly rules?: readonly RuleDefinition[];
  } = {},
) => {
  const { env, rules, ...overrides } = options;
  return createHandler(WIRING[responder], rules ?? RULES, { env: env ?? stageEnv(), ...overrides });
};
