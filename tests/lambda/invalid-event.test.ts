import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { authorizeSecurityGroup, createSecurityGroup, groupIdFor } from '../support/ec2-records';
import { apiCall } from '../support/records';
import { BASE_DIMENSIONS, busEvent, handlerFor, invoke, lambdaHarness } from './support';

// A malformed event cannot be fixed by retrying: the function must not throw (which would retry it and finally
// dead-letter it), but count it (InvalidEvents, no per-event dimensions) and log why. No AWS call is made.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient });

const cloudTrailEventWithout = (field: string) => {
  const event = busEvent(authorizeSecurityGroup({ groupId: groupIdFor('invalid'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }));
  const detail: Record<string, unknown> = { ...event.detail };
  delete detail[field];
  return { ...event, detail };
};

/** An S3 event notification delivered through EventBridge: valid EventBridge, but not CloudTrail. */
const s3ObjectCreated = {
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-11-02T09:15:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::example-bucket'],
  detail: {
    version: '0',
    bucket: { name: 'example-bucket' },
    object: { key: 'example-key', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '617f08299329d189' },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    'source-ip-address': '203.0.113.15',
    reason: 'PutObject',
  },
};

const handler = handlerFor('security-group');


describe('events that are not EventBridge events trailguard can read', () => {
  test.each([
    ['null', null, 'EventBridge event is not a JSON object'],
    ['a string', 'AuthorizeSecurityGroupIngress 0.0.0.0/0', 'EventBridge event is not a JSON object'],
    ['an array', [busEvent(authorizeSecurityGroup({ permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }] }))], 'EventBridge event is not a JSON object'],
    ['an object without detail-type', { source: 'aws.ec2', detail: {} }, 'EventBridge event has no detail-type string'],
    ['a CloudTrail detail-type whose detail has no eventSource', cloudTrailEventWithout('eventSource'), 'record has no eventSource string'],
    ['a CloudTrail detail-type whose detail has no eventID', cloudTrailEventWithout('eventID'), 'record has no eventID string'],
    ['a CloudTrail detail-type with a null detail', { ...s3ObjectCreated, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: null }, 'EventBridge event has no detail object'],
  ])('%s: resolves with status invalid, InvalidEvents 1, a warn log with the reason, no AWS call', async (_name, event, reason) => {
    // Act
    const run = await invoke(handler, event);

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ status: 'invalid', reason });
    expect(run.metrics).toEqual([{ name: 'InvalidEvents', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS }]);
    const warnings = run.logs.filter((line) => line.level === 'WARN');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: 'invalid event', reason });
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(cloudtrail).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });
});

describe('a valid EventBridge event that is not from CloudTrail (S3 Object Created)', () => {
  test('resolves not-for-us with the EventBridge id, warns that a rule routes the wrong events here, and counts it', async () => {
    // Act
    const run = await invoke(handler, s3ObjectCreated);

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toStrictEqual({ status: 'not-for-us', eventId: s3ObjectCreated.id });
    const warnings = run.logs.filter((line) => line.level === 'WARN');
    expect(warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not a CloudTrail event'), eventId: s3ObjectCreated.id, source: 'aws.s3', detailType: 'Object Created', correlation_id: s3ObjectCreated.id }),
    ]);
    // Counted like a malformed event: the InvalidEvents alarm is how a misrouted EventBridge rule gets noticed.
    expect(run.metrics).toEqual([{ name: 'InvalidEvents', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS }]);
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(cloudtrail).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });
});

describe('a CloudTrail event for another function', () => {
  test.each([
    ['a StopLogging (the trail function\'s)', apiCall({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', requestParameters: { name: 'management-events' } })],
    ['a ScheduleKeyDeletion (the alert function\'s)', apiCall({ eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion', requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 } })],
  ])('%s: not-for-us with its CloudTrail eventID, a warn log, EventsSkipped (reason no-matching-rule) and no AWS call', async (_name, record) => {
    // Act
    const run = await invoke(handler, busEvent(record));

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toStrictEqual({ status: 'not-for-us', eventId: record.eventID });
    expect(run.logs.filter((line) => line.level === 'WARN')).toEqual([
      expect.objectContaining({ message: 'event matched none of this function\'s rules', eventId: record.eventID, eventName: record.eventName }),
    ]);
    // Counted with its reason: our matcher disagreeing with EventBridge (or a rule routed to the wrong function) shows on the dashboard.
    expect(run.metrics).toEqual([{ name: 'EventsSkipped', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, reason: 'no-matching-rule' } }]);
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  test('control: the same function does respond to a security-group event', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'msg-control' });

    // Act
    const run = await invoke(handler, busEvent(createSecurityGroup('web', 'vpc-0a1b2c3d4e5f67890')));

    // Assess
    expect(run.result).toMatchObject({ status: 'alerted' });
  });
});
