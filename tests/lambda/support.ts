import type { Context } from 'aws-lambda';
import { toEnvelope, type EventBridgeEnvelope } from '../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { ENV } from '../../lib/config';

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

/**
 * Captures what Powertools writes: its Logger and Metrics print through their own Console onto
 * process.stdout, one JSON document per line (structured logs and EMF blobs).
 */
export const captureStdout = () => {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.trim() !== ''));
    return true;
  });
  const parsed = (): Json[] => lines.map((line) => JSON.parse(line) as Json);
  return {
    logs: () => parsed().filter((entry) => 'level' in entry),
    emf: () => parsed().filter((entry) => '_aws' in entry),
    restore: () => spy.mockRestore(),
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
