import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, apiCall, consoleSignIn, identities } from '../support/records';
import { BASE_DIMENSIONS, bodiesOf, busEvent, context, gsm7Septets, handlerFor, invoke, isSnsSubject, lambdaHarness } from './support';

// The alert function: one SNS message per CloudTrail event however many rules fire on it ("no alert storms"),
// its attributes listing every category and rule so subscriptions can filter, its severity the highest.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient });

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ALERT_CONTEXT = context('trailguard-test-alert');

beforeEach(() => {
  sns.on(PublishCommand).resolves({ MessageId: 'msg-several' });
});

describe('root creates a root access key (root-activity + root-access-key)', () => {
  const record = apiCall({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    userIdentity: identities.root(ACCOUNT, true),
    sourceIPAddress: '198.51.100.23',
    userAgent: 'AWS Internal',
    responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEROOTKEY01', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
  });

  test('ONE publish whose attributes list both categories and rule ids, severity CRITICAL, SMS within 160', async () => {
    // Prepare
    const handler = handlerFor('alert');

    // Act
    const run = await invoke(handler, busEvent(record), ALERT_CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const attributes = input.MessageAttributes!;
    expect(attributes.severity).toEqual({ DataType: 'String', StringValue: 'CRITICAL' });
    expect(attributes.category?.DataType).toBe('String.Array');
    expect(JSON.parse(attributes.category!.StringValue!)).toEqual(['root-activity', 'root-access-key']);
    expect(attributes.ruleId?.DataType).toBe('String.Array');
    expect(JSON.parse(attributes.ruleId!.StringValue!)).toEqual(['account.root-activity', 'iam.root-access-key']);
    expect(attributes.outcome).toEqual({ DataType: 'String', StringValue: 'none' });

    const { email, sms } = bodiesOf(input.Message);
    expect(gsm7Septets(sms)).toBeLessThanOrEqual(160);
    expect(sms).toMatch(/^CRITICAL root-access-key \(\+1 more\)/);
    expect(isSnsSubject(input.Subject)).toBe(true);
    expect(input.Subject).toMatch(/^\[trailguard test\] CRITICAL root-access-key/);
    // The most severe finding leads; both are told.
    expect(email).toContain('FINDING 1 OF 2: CRITICAL root-access-key');
    expect(email).toContain('FINDING 2 OF 2: HIGH root-activity');
    expect(email).toContain('AKIAEXAMPLEROOTKEY01');

    expect(run.result).toEqual({
      status: 'alerted',
      eventId: record.eventID,
      messageId: 'msg-several',
      findings: [
        { ruleId: 'account.root-activity', category: 'root-activity', severity: 'HIGH', action: 'none', status: 'not-applicable' },
        { ruleId: 'iam.root-access-key', category: 'root-access-key', severity: 'CRITICAL', action: 'none', status: 'not-applicable' },
      ],
    });
  });

  test('one Findings metric per finding, with its own category and severity; no Remediations; one AlertsPublished', async () => {
    // Prepare
    const handler = handlerFor('alert');

    // Act
    const run = await invoke(handler, busEvent(record), ALERT_CONTEXT);

    // Assess
    expect(run.metrics.filter((m) => m.name === 'Findings')).toEqual([
      { name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'root-activity', severity: 'HIGH' } },
      { name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'root-access-key', severity: 'CRITICAL' } },
    ]);
    expect(run.metrics.filter((m) => m.name === 'Remediations')).toEqual([]);
    expect(run.metrics.filter((m) => m.name === 'AlertsPublished')).toEqual([
      { name: 'AlertsPublished', namespace: 'Trailguard', value: 1, dimensions: BASE_DIMENSIONS },
    ]);
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(cloudtrail).not.toHaveReceivedAnyCommand();
  });
});

describe('root console sign-in without MFA', () => {
  test('root-login CRITICAL, one publish, nothing else fires', async () => {
    // Prepare
    const record = consoleSignIn({ userIdentity: identities.root(ACCOUNT), mfaUsed: 'No', sourceIPAddress: '198.51.100.77' });
    const handler = handlerFor('alert');

    // Act
    const run = await invoke(handler, busEvent(record), ALERT_CONTEXT);

    // Assess
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({
      status: 'alerted',
      eventId: record.eventID,
      messageId: 'msg-several',
      findings: [{ ruleId: 'signin.root-login', category: 'root-login', severity: 'CRITICAL', action: 'none', status: 'not-applicable' }],
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      category: { DataType: 'String.Array', StringValue: '["root-login"]' },
      ruleId: { DataType: 'String.Array', StringValue: '["signin.root-login"]' },
      account: { DataType: 'String', StringValue: ACCOUNT },
      outcome: { DataType: 'String', StringValue: 'none' },
    });
    const { email, sms } = bodiesOf(input.Message);
    expect(gsm7Septets(sms)).toBeLessThanOrEqual(160);
    expect(sms).toMatch(/^CRITICAL root-login: root by root - alert only - acct 123456789012/);
    expect(email).toContain(`The root user of account ${ACCOUNT} signed in to the console without MFA`);
    expect(email).toContain('NO (sign-in without MFA: MFAUsed=No)');
    expect(email).toContain(ROOT_ARN);
    expect(run.metrics.filter((m) => m.name === 'Findings')).toEqual([
      { name: 'Findings', namespace: 'Trailguard', value: 1, dimensions: { ...BASE_DIMENSIONS, category: 'root-login', severity: 'CRITICAL' } },
    ]);
  });

  test('with MFA the same sign-in is root-login HIGH', async () => {
    // Prepare
    const record = consoleSignIn({ userIdentity: identities.root(ACCOUNT, true), mfaUsed: 'Yes' });
    const handler = handlerFor('alert');

    // Act
    const run = await invoke(handler, busEvent(record), ALERT_CONTEXT);

    // Assess
    expect(run.result).toMatchObject({ findings: [{ ruleId: 'signin.root-login', severity: 'HIGH' }] });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes?.severity?.StringValue).toBe('HIGH');
  });
});
