import { CloudTrailClient, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import type { ResponderId } from '../../lib/functions';
import { authorizeSecurityGroup, groupIdFor } from '../support/ec2-records';
import { ACCOUNT, apiCall, consoleSignIn, identities } from '../support/records';
import { TOPIC_ARN, bodiesOf, busEvent, context, gsm7Septets, handlerFor, invoke, isSnsSubject, lambdaHarness, type AlertBodies } from './support';

// The whole SNS Publish input, for one realistic event per function: MessageStructure json
// with default, email and sms bodies, a valid Subject, and exactly the five filterable attributes.
const { ec2, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, cloudtrail: CloudTrailClient, sns: SNSClient }, { reset: 'after' });

interface Case {
  readonly responder: ResponderId;
  readonly record: CloudTrailRecord;
  readonly actorArn: string;
  readonly ruleId: string;
  readonly category: string;
  readonly severity: string;
  readonly outcome: string;
  /** The CIS line as the email prints it. */
  readonly cis: string;
}

const ADMIN_SESSION = identities.assumedRole('Admin', 'alice');
const CASES: Readonly<Record<string, Case>> = {
  'security-group: world-open SSH by a role session, reverted': {
    responder: 'security-group',
    record: authorizeSecurityGroup({
      groupId: groupIdFor('sns-message'),
      permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }],
      overrides: { userIdentity: ADMIN_SESSION, sourceIPAddress: '198.51.100.44', awsRegion: 'eu-central-1' },
    }),
    actorArn: ADMIN_SESSION.arn!,
    ruleId: 'ec2.sg-open-ingress',
    category: '["sg-open-ingress","sg-change"]',
    severity: 'CRITICAL',
    outcome: 'applied',
    cis: '5.2, 5.3',
  },
  'trail: StopLogging by an IAM user, logging restarted': {
    responder: 'trail',
    record: apiCall({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      awsRegion: 'us-west-2',
      sourceIPAddress: '203.0.113.99',
      requestParameters: { name: `arn:aws:cloudtrail:us-west-2:${ACCOUNT}:trail/management-events` },
    }),
    actorArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    ruleId: 'cloudtrail.cloudtrail-tampering',
    category: '["cloudtrail-tampering"]',
    severity: 'CRITICAL',
    outcome: 'applied',
    cis: '4.5',
  },
  'alert: console sign-in without MFA by an IAM user': {
    responder: 'alert',
    record: consoleSignIn({ userIdentity: identities.iamUser('bob'), mfaUsed: 'No', sourceIPAddress: '192.0.2.201' }),
    actorArn: `arn:aws:iam::${ACCOUNT}:user/bob`,
    ruleId: 'signin.console-login-no-mfa',
    category: '["console-login-no-mfa"]',
    severity: 'MEDIUM',
    outcome: 'none',
    cis: '4.2',
  },
};

beforeAll(() => {
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  cloudtrail.on(StartLoggingCommand).resolves({});
});

describe.each(Object.entries(CASES))('%s', (_name, spec) => {
  let input: PublishCommandInput;
  let bodies: AlertBodies;

  beforeAll(async () => {
    // Prepare
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: `msg-${spec.responder}` });
    const handler = handlerFor(spec.responder);

    // Act
    const run = await invoke(handler, busEvent(spec.record), context(`trailguard-test-${spec.responder}`));

    // Assess (shared)
    expect(run.error).toBeUndefined();
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    bodies = bodiesOf(input.Message);
  });

  test('the Publish input: topic, subject, JSON message structure and exactly the five attributes', () => {
    // Assess
    expect(input).toStrictEqual({
      TopicArn: TOPIC_ARN,
      Subject: expect.any(String),
      Message: expect.any(String),
      MessageStructure: 'json',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: spec.severity },
        category: { DataType: 'String.Array', StringValue: spec.category },
        ruleId: { DataType: 'String.Array', StringValue: expect.stringContaining(`"${spec.ruleId}"`) },
        account: { DataType: 'String', StringValue: ACCOUNT },
        outcome: { DataType: 'String', StringValue: spec.outcome },
      },
    });
    expect(Object.keys(input.MessageAttributes!).sort()).toEqual(['account', 'category', 'outcome', 'ruleId', 'severity']);
  });

  test('all three bodies are present, and default is the email body', () => {
    // Assess
    expect(Object.keys(JSON.parse(input.Message!) as object).sort()).toEqual(['default', 'email', 'sms']);
    expect(bodies.default).toBe(bodies.email);
    expect(bodies.email.length).toBeGreaterThan(0);
    expect(bodies.sms.length).toBeGreaterThan(0);
  });

  test('the email has WHO, FROM WHERE and WHEN sections, in that order', () => {
    // Assess
    const lines = bodies.email.split('\n');
    const at = (heading: string) => lines.indexOf(heading);
    expect(at('WHO')).toBeGreaterThan(0);
    expect(at('FROM WHERE')).toBeGreaterThan(at('WHO'));
    expect(at('WHEN')).toBeGreaterThan(at('FROM WHERE'));
  });

  test('the email names the actor ARN, source IP, region, account, time, rule id and CIS reference', () => {
    // Assess
    const { record } = spec;
    expect(bodies.email).toMatch(new RegExp(`^  Principal: +${escape(spec.actorArn)}$`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^  Source IP: +${escape(record.sourceIPAddress!)}$`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^  Region: +${escape(record.awsRegion)}$`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^  Account: +${ACCOUNT}$`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^  Event time: +${escape(record.eventTime.replace('T', ' ').replace('Z', ''))} UTC`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^    Rule id: +${escape(spec.ruleId)}$`, 'm'));
    expect(bodies.email).toMatch(new RegExp(`^    CIS AWS Foundations: +${escape(spec.cis)}$`, 'm'));
    expect(bodies.email).toContain(record.eventID);
  });

  test('the SMS fits one 160-septet GSM-7 segment', () => {
    // Assess
    const septets = gsm7Septets(bodies.sms);
    expect(septets).toBeDefined();
    expect(septets!).toBeLessThanOrEqual(160);
    expect(bodies.sms.startsWith(`${spec.severity} `)).toBe(true);
  });

  test('the Subject is ASCII, one line, under 100 characters, led by the stage', () => {
    // Assess
    expect(isSnsSubject(input.Subject)).toBe(true);
    expect(input.Subject).toMatch(new RegExp(`^\\[trailguard test\\] ${spec.severity} `));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
