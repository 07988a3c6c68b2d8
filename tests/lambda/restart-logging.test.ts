import { CloudTrailClient, StartLoggingCommand, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, apiCall } from '../support/records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, context, handlerFor, invoke, lambdaHarness, type Invocation } from './support';

// The trail function in an enforce stage: a StopLogging is reverted by StartLogging, called in the trail's home
// region (the only region where StartLogging works for a multi-region trail), taken from the trail ARN.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient });

const EU_TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-audit`;
const TRAIL_CONTEXT = context('trailguard-test-trail');
/** Recorded in us-east-1 (where the caller's CLI pointed), about a trail homed in eu-west-1. */
const stopLogging = (name: string) =>
  apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', awsRegion: 'us-east-1', requestParameters: { name } });

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-trail' });
});

describe('StopLogging of a trail homed in another region', () => {
  const record = stopLogging(EU_TRAIL_ARN);
  let run: Invocation;

  beforeEach(async () => {
    // Prepare
    cloudtrail.on(StartLoggingCommand).resolves({ $metadata: { requestId: 'req-start-logging' } });
    const handler = handlerFor('trail');

    // Act
    run = await invoke(handler, busEvent(record), TRAIL_CONTEXT);
  });

  test('StartLogging is sent once, naming the trail by its ARN', () => {
    // Assess
    expect(run.error).toBeUndefined();
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(cloudtrail.commandCalls(StartLoggingCommand)[0]!.args[0].input).toStrictEqual({ Name: EU_TRAIL_ARN });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  test('by a client in the ARN\'s region, not the event\'s', async () => {
    // Assess
    expect(await cloudtrail.call(0).thisValue.config.region()).toBe('eu-west-1');
  });

  test('outcome applied: result, Remediations metric, alert', () => {
    // Assess
    expect(run.result).toEqual({
      status: 'alerted',
      eventId: record.eventID,
      messageId: 'msg-trail',
      findings: [{ ruleId: 'cloudtrail.cloudtrail-tampering', category: 'cloudtrail-tampering', severity: 'CRITICAL', action: 'restart-logging', status: 'applied' }],
    });
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'restart-logging', outcome: 'applied' } },
    ]);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email } = bodiesOf(input.Message);
    // The time comes from the outcome recorded before the alert (state table), so a retry tells the same.
    expect(email).toMatch(/Reverted at \d\d:\d\d:\d\dZ on \d{4}-\d\d-\d\d: trailguard /);
    expect(email).toContain(': trailguard restarted logging on the trail.');
    expect(email).toContain(`aws cloudtrail stop-logging --region eu-west-1 --name ${EU_TRAIL_ARN}`);
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('applied');
  });
});

describe('StopLogging of a trail that is gone by the time trailguard acts (TrailNotFoundException)', () => {
  const record = stopLogging(EU_TRAIL_ARN);
  let run: Invocation;

  beforeEach(async () => {
    // Prepare
    cloudtrail.on(StartLoggingCommand).rejects(
      new TrailNotFoundException({ message: `Unknown trail: ${EU_TRAIL_ARN} for the user: ${ACCOUNT}`, $metadata: { httpStatusCode: 400, requestId: 'req-gone' } }),
    );
    const handler = handlerFor('trail');

    // Act
    run = await invoke(handler, busEvent(record), TRAIL_CONTEXT);
  });

  test('the handler resolves: nothing left to do is not a failure', () => {
    // Assess
    expect(run.error).toBeUndefined();
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(run.result).toMatchObject({ status: 'alerted', findings: [{ action: 'restart-logging', status: 'not-applicable' }] });
  });

  test('outcome not-applicable is counted and logged with the error code', () => {
    // Assess
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([
      { name: 'Remediations', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, action: 'restart-logging', outcome: 'not-applicable' } },
    ]);
    expect(run.logs.find((l) => l.message === 'finding')).toMatchObject({
      remediation: { status: 'not-applicable', detail: { errorCode: 'TrailNotFoundException', reason: 'the trail no longer exists', region: 'eu-west-1' } },
    });
  });

  test('the alert is still published and says there was nothing left to revert', () => {
    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const { email } = bodiesOf(input.Message);
    expect(email).toContain('Nothing to revert: the resource is gone or the change no longer applies.');
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('not-applicable');
    expect(run.metrics).toContainEqual({ name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS });
  });
});

describe('StopLogging by trail name', () => {
  test('StartLogging goes to the event\'s region, naming the trail as the event did', async () => {
    // Prepare
    cloudtrail.on(StartLoggingCommand).resolves({});
    const record = apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', awsRegion: 'us-west-2', requestParameters: { name: 'management-events' } });
    const handler = handlerFor('trail');

    // Act
    const run = await invoke(handler, busEvent(record), TRAIL_CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(cloudtrail.commandCalls(StartLoggingCommand).map((call) => call.args[0].input)).toStrictEqual([{ Name: 'management-events' }]);
    expect(await cloudtrail.call(0).thisValue.config.region()).toBe('us-west-2');
  });
});
