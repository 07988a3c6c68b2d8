import { ALERT_TOPIC_DISPLAY_NAME } from '../../lib/alert/sms';
import { condition, created, getAttToken, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, PROD_ALERT_EMAIL, PROD_ALERT_SMS, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

describe.each(['dev', 'prod'] as const)('alert topic (%s)', (stage) => {
  test('one topic per stage, encrypted with its own customer-managed key (rotated)', () => {
    const { template } = stages[stage];
    expect(resourcesOfType(template, 'AWS::SNS::Topic').map(([id]) => id).sort()).toEqual(['AlarmTopic', 'AlertTopic']);
    expect(resolve(resource(template, 'AlertTopic').Properties)).toEqual({
      TopicName: `trailguard-${stage}-alerts`,
      DisplayName: ALERT_TOPIC_DISPLAY_NAME,
      KmsMasterKeyId: getAttToken('AlertTopicKey', 'Arn'),
    });
    const key = resolve(resource(template, 'AlertTopicKey').Properties);
    expect(key.EnableKeyRotation).toBe(true);
    expect(resolve(resource(template, 'AlertTopicKeyAlias').Properties)).toEqual({
      AliasName: `alias/trailguard-${stage}-alerts`,
      TargetKeyId: refToken('AlertTopicKey'),
    });
  });

  test('the key admits only the account (so the function roles can be granted it): no alarm depends on it', () => {
    const { Statement } = resolve(resource(stages[stage].template, 'AlertTopicKey').Properties.KeyPolicy);
    expect(Statement).toHaveLength(1);
    expect(Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' } });
  });

  test('the alert topic policy only refuses publishing without TLS: CloudWatch does not publish there', () => {
    const policy = resolve(resource(stages[stage].template, 'AlertTopicPolicy').Properties);
    expect(policy.Topics).toEqual([refToken('AlertTopic')]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });
});

describe.each(['dev', 'prod'] as const)('alarm topic (%s)', (stage) => {
  test('alarms have their own topic, with no KMS key (alarm messages carry nothing from the events)', () => {
    expect(resolve(resource(stages[stage].template, 'AlarmTopic').Properties)).toEqual({ TopicName: `trailguard-${stage}-alarms` });
  });

  test('only this stage\'s CloudWatch alarms may publish to it, over TLS', () => {
    const policy = resolve(resource(stages[stage].template, 'AlarmTopicPolicy').Properties);
    expect(policy.Topics).toEqual([refToken('AlarmTopic')]);
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: refToken('AlarmTopic'),
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:123456789012:alarm:trailguard-${stage}-*` },
        },
      },
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  test('no alarm notifies the alert topic; every one notifies the alarm topic', () => {
    const alarms = resourcesOfType(stages[stage].template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const [, alarm] of alarms) {
      const { AlarmActions, OKActions = [] } = resolve(alarm.Properties);
      expect(AlarmActions).toEqual([refToken('AlarmTopic')]);
      expect(OKActions).not.toContain(refToken('AlertTopic'));
    }
  });
});

describe('alarm subscriptions', () => {
  test('dev with no addresses subscribes nobody to alarms', () => {
    const { template } = stages.dev;
    expect(condition(template, 'HasAlarmEmail')).toBe(false);
    expect(condition(template, 'HasAlarmSms')).toBe(false);
    expect(created(template)).not.toContain('AlarmEmailSubscription');
  });

  test('prod without alarmEmail sends alarms to the alert address, on the alarm topic; no alarmSms, no alarm SMS', () => {
    const { template } = stages.prod;
    expect(condition(template, 'HasAlarmEmail')).toBe(true);
    expect(resolve(resource(template, 'AlarmEmailSubscription').Properties)).toEqual({ TopicArn: refToken('AlarmTopic'), Protocol: 'email', Endpoint: PROD_ALERT_EMAIL });
    expect(condition(template, 'HasAlarmSms')).toBe(false);
    expect(created(template)).not.toContain('AlarmSmsSubscription');
  });
});

describe('alert subscriptions', () => {
  test('dev with empty alertEmail and alertSms params subscribes nobody', () => {
    const { template } = stages.dev;
    expect(condition(template, 'HasAlertEmail')).toBe(false);
    expect(condition(template, 'HasAlertSms')).toBe(false);
    const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription');
    expect(subscriptions.map(([id]) => id).sort()).toEqual(['AlarmEmailSubscription', 'AlarmSmsSubscription', 'AlertEmailSubscription', 'AlertSmsSubscription']);
    for (const [id] of subscriptions) expect(created(template)).not.toContain(id);
  });

  test('prod with both params subscribes the email address to everything', () => {
    const { template } = stages.prod;
    const email = resource(template, 'AlertEmailSubscription');
    expect(email.Condition).toBe('HasAlertEmail');
    expect(condition(template, 'HasAlertEmail')).toBe(true);
    expect(resolve(email.Properties)).toEqual({ TopicArn: refToken('AlertTopic'), Protocol: 'email', Endpoint: PROD_ALERT_EMAIL });
  });

  test('prod SMS receives only HIGH and CRITICAL alerts (smsMinSeverity HIGH), filtered on the severity attribute', () => {
    const { template } = stages.prod;
    const sms = resource(template, 'AlertSmsSubscription');
    expect(sms.Condition).toBe('HasAlertSms');
    expect(condition(template, 'HasAlertSms')).toBe(true);
    expect(resolve(sms.Properties)).toEqual({
      TopicArn: refToken('AlertTopic'),
      Protocol: 'sms',
      Endpoint: PROD_ALERT_SMS,
      FilterPolicyScope: 'MessageAttributes',
      FilterPolicy: { severity: ['HIGH', 'CRITICAL'] },
    });
    expect(created(template)).toEqual(expect.arrayContaining(['AlertEmailSubscription', 'AlertSmsSubscription']));
  });
});
