import { needsAllManagementEvents } from '../../lib/cloudtrail/delivery';
import { detailTypeOf, envelopeProblem, sourceOf, toEnvelope } from '../../lib/cloudtrail/envelope';
import { apiCall, consoleSignIn } from '../support/records';

// Records become EventBridge events exactly as the default bus builds them, so replay and Lambda see the same.
describe('CloudTrail record to EventBridge event', () => {
  test('an API call', () => {
    const record = apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', eventTime: '2026-11-02T09:15:00Z', awsRegion: 'eu-west-1', recipientAccountId: '111122223333' });
    expect(toEnvelope(record)).toEqual({
      version: '0',
      id: record.eventID,
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.ec2',
      account: '111122223333',
      time: '2026-11-02T09:15:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: record,
    });
  });

  test.each([
    ['AwsApiCall', 'AWS API Call via CloudTrail'],
    ['AwsConsoleSignIn', 'AWS Console Sign In via CloudTrail'],
    ['AwsServiceEvent', 'AWS Service Event via CloudTrail'],
    ['AwsConsoleAction', 'AWS Console Action via CloudTrail'],
    ['AwsCloudTrailInsight', 'AWS Insight via CloudTrail'],
  ])('eventType %s has detail-type %s', (eventType, detailType) => {
    expect(toEnvelope(apiCall({ eventSource: 's3.amazonaws.com', eventName: 'X', eventType }))['detail-type']).toBe(detailType);
  });

  test('the AwsConsoleSignin spelling of some AWS examples is a sign-in too', () => {
    expect(detailTypeOf({ ...consoleSignIn(), eventType: 'AwsConsoleSignin' })).toBe('AWS Console Sign In via CloudTrail');
  });

  test('network activity events (AwsVpceEvent) and unknown types are never put on the bus', () => {
    expect(detailTypeOf(apiCall({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventType: 'AwsVpceEvent' }))).toBeUndefined();
    expect(detailTypeOf(apiCall({ eventSource: 's3.amazonaws.com', eventName: 'X', eventType: 'constructor' }))).toBeUndefined();
  });

  test('a sign-in without eventType (records from 2014) is still a sign-in', () => {
    const { eventType: _none, ...old } = consoleSignIn();
    expect(toEnvelope(old as never)['detail-type']).toBe('AWS Console Sign In via CloudTrail');
  });

  test('a record without eventType (very old records) is an API call', () => {
    const { eventType: _none, ...old } = apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' });
    expect(toEnvelope(old as never)['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  test.each([
    ['signin.amazonaws.com', 'aws.signin'],
    ['s3-outposts.amazonaws.com', 'aws.s3-outposts'],
    ['sts.amazonaws.com', 'aws.sts'],
  ])('source of %s is %s', (eventSource, source) => expect(sourceOf(eventSource)).toBe(source));

  test('sub-second event times keep EventBridge\'s second precision', () => {
    expect(toEnvelope(apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'X', eventTime: '2026-11-02T09:15:00.123Z' })).time).toBe('2026-11-02T09:15:00Z');
  });

  test('sign-in events keep their own detail-type', () => {
    expect(toEnvelope(consoleSignIn())['detail-type']).toBe('AWS Console Sign In via CloudTrail');
  });
});

describe('EventBridge delivery filter for read-only calls', () => {
  test.each([
    ['DescribeInstances', true, undefined, true],
    ['GetBucketPolicy', true, undefined, true],
    ['ListUsers', true, undefined, true],
    ['DescribeInstances', undefined, undefined, true],
    ['LookupEvents', true, undefined, false],
    ['HeadBucket', true, undefined, false],
    ['GetObject', true, false, false],
    ['RunInstances', false, undefined, false],
    ['GetSessionToken', false, undefined, false],
  ])('%s (readOnly %s, managementEvent %s) needs the all-management-events state: %s', (eventName, readOnly, managementEvent, expected) => {
    const record = { ...apiCall({ eventSource: 'ec2.amazonaws.com', eventName }), readOnly, managementEvent } as never;
    expect(needsAllManagementEvents(record)).toBe(expected);
  });

  test('console sign-ins are never filtered', () => {
    expect(needsAllManagementEvents({ ...consoleSignIn(), eventName: 'GetSigninToken', readOnly: true })).toBe(false);
  });
});

describe('envelope validation', () => {
  test.each([
    [null, 'not a JSON object'],
    [[], 'not a JSON object'],
    [{ source: 'aws.ec2', detail: {} }, 'no detail-type'],
    [{ 'detail-type': 'AWS API Call via CloudTrail', detail: {} }, 'no source'],
    [{ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: 'x' }, 'no detail object'],
    [{ 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: { eventName: 'X' } }, 'no eventSource'],
  ])('%j is rejected: %s', (value, reason) => {
    expect(envelopeProblem(value)).toContain(reason);
  });

  test('a CloudTrail event is accepted', () => {
    expect(envelopeProblem(toEnvelope(apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' })))).toBeUndefined();
  });
});
