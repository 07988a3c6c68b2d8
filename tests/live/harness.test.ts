import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { Template } from '../deploy/packaged';
import { describeSecurityGroups } from '../support/ec2-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';
import { envelopeOf } from './support/eventbridge';
import { createStackWorld } from './support/world';

/*
 * What the scenarios rely on: the functions run under Node 22 with the template's environment resolved against
 * moto, EventBridge routing follows the template's rules (one delivery per matching rule), and a DynamoDB table
 * the template defines is created from its own definition.
 */
describeLive('live harness', {}, (started) => {

  test('runs each function under Node 22 with the template environment pointed at moto', async () => {
    // Prepare
    const live = started();
    const container = await live.container('alert');

    // Act
    const invocation = await container.invoke(envelopeOf(describeSecurityGroups()));

    // Assess
    expect(container.nodeVersion).toMatch(/^v22\./);
    expect(invocation.ok).toBe(true);
    expect(invocation.coldStart).toBe(true);
    expect(live.functions.alert!.environment.TRAILGUARD_ALERT_TOPIC_ARN).toBe(live.alertTopicArn);
    expect(live.alertTopicArn).toBe('arn:aws:sns:us-east-1:123456789012:trailguard-prod-alerts');
    expect(Object.keys(live.functions).sort()).toEqual(['alert', 'securityGroup', 'selfProtection', 'sharing', 'trail']);
  }, LIVE_TEST_TIMEOUT_MS);

  test('routes a record to a function once per matching rule, and read-only calls only where the rule state asks for them', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('routing');
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    const rootDescribe = describeSecurityGroups('DescribeSecurityGroups', {
      userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' },
    });

    // Act
    const opened = live.routes(envelopeOf(record));
    const described = live.routes(envelopeOf(describeSecurityGroups()));
    const describedByRoot = live.routes(envelopeOf(rootDescribe));

    // Assess
    expect(opened).toEqual([
      { rule: 'Ec2SgOpenIngressEventRule', function: 'securityGroup' },
      { rule: 'Ec2SgChangeEventRule', function: 'securityGroup' },
    ]);
    expect(described).toEqual([]);
    expect(describedByRoot).toEqual([{ rule: 'AccountRootActivityEventRule', function: 'alert' }]);
  }, LIVE_TEST_TIMEOUT_MS);

  test('creates a DynamoDB table from its template definition', async () => {
    const live = started();
    // Prepare: the shape of a Powertools idempotency table, as a stage template would define it.
    const template: Template = {
      Resources: {
        IdempotencyTable: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: { 'Fn::Join': ['-', ['trailguard', 'harness', 'idempotency']] },
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
          },
        },
      },
    };

    // Act
    const world = await createStackWorld(live.aws, template, 'harness');

    // Assess
    const name = world.created.ref('IdempotencyTable');
    expect(name).toBe('trailguard-harness-idempotency');
    const { Table } = await live.aws.dynamodb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(world.created.getAtt('IdempotencyTable', 'Arn')).toBe(Table?.TableArn);
    const { TimeToLiveDescription } = await live.aws.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiration', TimeToLiveStatus: 'ENABLED' });
  }, LIVE_TEST_TIMEOUT_MS);
});
