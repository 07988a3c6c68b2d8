import { renderDeployData } from '../../lib/deploy';
import { RULES } from '../../rules';
import { getAttToken, refToken, resolve } from './cfn';
import { PACKAGE_TIMEOUT_MS, packageStages, resource, resourcesOfType, type PackagedStage, type Stage } from './packaged';

const FOURTEEN_DAYS = 14 * 24 * 3600;

let stages: Readonly<Record<Stage, PackagedStage>>;
beforeAll(async () => {
  stages = await packageStages();
}, PACKAGE_TIMEOUT_MS);

describe.each(['dev', 'prod'] as const)('dead-letter queue (%s)', (stage) => {
  test('one SQS queue, encrypted at rest with SSE-SQS, kept 14 days, named for the stage', () => {
    const queues = resourcesOfType(stages[stage].template, 'AWS::SQS::Queue');
    expect(queues.map(([id]) => id)).toEqual(['DeadLetterQueue']);
    expect(queues[0]![1].Properties).toEqual({
      QueueName: `trailguard-${stage}-dlq`,
      MessageRetentionPeriod: FOURTEEN_DAYS,
      SqsManagedSseEnabled: true,
    });
  });

  test('EventBridge may send to it only from trailguard\'s own rules, and only over TLS', () => {
    const policy = resolve(resource(stages[stage].template, 'DeadLetterQueuePolicy').Properties);
    expect(policy.Queues).toEqual([refToken('DeadLetterQueue')]);
    const [allow, deny] = policy.PolicyDocument.Statement;
    expect(allow).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: getAttToken('DeadLetterQueue', 'Arn'),
    });
    const ruleArns = Object.values(renderDeployData(RULES).eventRules).map((rule) => getAttToken(rule.logicalId, 'Arn'));
    expect([...allow.Condition.ArnEquals['aws:SourceArn']].sort()).toEqual(ruleArns.sort());
    expect(ruleArns).toHaveLength(RULES.length);
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(policy.PolicyDocument.Statement).toHaveLength(2);
  });

  test('every function retries a failed event at most twice, for at most an hour, then sends it to the queue', () => {
    const configs = resourcesOfType(stages[stage].template, 'AWS::Lambda::EventInvokeConfig');
    const functions = resourcesOfType(stages[stage].template, 'AWS::Lambda::Function');
    expect(configs).toHaveLength(functions.length);
    for (const [functionId] of functions) {
      const config = configs.find(([, c]) => c.Properties.FunctionName.Ref === functionId);
      expect(config).toBeDefined();
      expect(resolve(config![1].Properties)).toEqual({
        FunctionName: refToken(functionId),
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: getAttToken('DeadLetterQueue', 'Arn') } },
      });
    }
  });

  test('an alarm fires on the first message in the queue, and again when it is drained', () => {
    const alarm = resolve(resource(stages[stage].template, 'DeadLetterQueueAlarm').Properties);
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAttToken('DeadLetterQueue', 'QueueName') }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [refToken('AlarmTopic')],
      OKActions: [refToken('AlarmTopic')],
    });
  });
});
