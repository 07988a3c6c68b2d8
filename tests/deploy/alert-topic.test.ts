import { condition, created, getAttToken, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, PROD_ALERT_EMAIL, PROD_ALERT_SMS, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

describe.each(['dev', 'prod'] as const)('alert topic (%s)', (stage) => {
  test('one topic per stage, encrypted with its own customer-managed key (rotated)', () => {
    const { template } = stages[stage];
    expect(resourcesOfType(template, 'AWS::SNS::Topic').map(([id]) => id)).toEqual(['AlertTopic']);
    expect(resolve(resource(template, 'AlertTopic').Properties)).toEqual({
      TopicName: `trailguard-${stage}-alerts`,
      DisplayName: 'trailguard',
      KmsMasterKeyId: getAttToken('AlertTopicKey', 'Arn'),
    });
    const key = resolve(resource(template, 'AlertTopicKey').Properties);
    expect(key.EnableKeyRotation).toBe(true);
    expect(resolve(resource(template, 'AlertTopicKeyAlias').Properties)).toEqual({
      AliasName: `alias/trailguard-${stage}-alerts`,
      TargetKeyId: refToken('AlertTopicKey'),
    });
  });

  test('the key admits the account (so the function roles can be granted it) and this stage\'s CloudWatch alarms', () => {
    const { Statement } = resolve(resource(stages[stage].template, 'AlertTopicKey').Properties.KeyPolicy);
    expect(Statement).toHaveLength(2);
    expect(Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' } });
    expect(Statement[1]).toEqual({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:123456789012:alarm:trailguard-${stage}-*` },
      },
    });
  });

  test('the topic policy lets this stage\'s alarms publish and refuses publishing without TLS', () => {
    const policy = resolve(resource(stages[stage].template, 'AlertTopicPolicy').Properties);
    expect(policy.Topics).toEqual([refToken('AlertTopic')]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:123456789012:alarm:trailguard-${stage}-*` } }),
      }),
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });
});

describe('alert subscriptions', () => {
  test('dev with empty alertEmail and alertSms params subscribes nobody', () => {
    const { template } = stages.dev;
    expect(condition(template, 'HasAlertEmail')).toBe(false);
    expect(condition(template, 'HasAlertSms')).toBe(false);
    const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription');
    expect(subscriptions.map(([id]) => id).sort()).toEqual(['AlertEmailSubscription', 'AlertSmsSubscription']);
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
