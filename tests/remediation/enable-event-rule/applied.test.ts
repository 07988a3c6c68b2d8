import { DescribeRuleCommand, EnableRuleCommand, EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { enableEventRule } from '../../../lib/remediation';
import { enableEventRuleApplier } from '../../../lib/remediation/enable-event-rule/apply';
import { instantRetry, REQUEST_ID } from '../support';

const events = mockClient(EventBridgeClient);
const NAME = 'trailguard-prod-Ec2SgOpenIngressEventRule-1A2B3C4D5E6F';
const params = enableEventRule.parse({ name: NAME, region: 'eu-west-1' });
const PATTERN = '{"source":["aws.ec2"]}';

beforeEach(() => events.reset());

describe('enable-event-rule applied', () => {
  test('a disabled rule deployed ENABLED is turned back on with EnableRule, in the event\'s region', async () => {
    // Prepare
    events.on(DescribeRuleCommand).resolves({ Name: NAME, State: 'DISABLED', EventPattern: PATTERN, Description: 'trailguard ec2.sg-open-ingress: Security group opened to the internet' });
    events.on(EnableRuleCommand).resolves({ $metadata: { requestId: REQUEST_ID } });
    const clients = createAwsClients();

    // Act
    const result = await enableEventRuleApplier.apply(params, clients, instantRetry());

    // Assess
    expect(events).toHaveReceivedCommandWith(DescribeRuleCommand, { Name: NAME });
    expect(events).toHaveReceivedCommandWith(EnableRuleCommand, { Name: NAME });
    expect(events).not.toHaveReceivedCommand(PutRuleCommand);
    expect(await clients.eventbridge('eu-west-1').config.region()).toBe('eu-west-1');
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'events:EnableRule', rule: NAME, state: 'ENABLED', requestId: REQUEST_ID, attempts: 2 } });
  });

  test('a central stage\'s rule on its organization bus: described and enabled on that bus, not the default one', async () => {
    // Prepare
    const onBus = enableEventRule.parse({ name: NAME, region: 'us-east-1', eventBusName: 'trailguard-prod' });
    events.on(DescribeRuleCommand).resolves({ Name: NAME, State: 'DISABLED', EventPattern: PATTERN, EventBusName: 'trailguard-prod', Description: 'trailguard ec2.sg-open-ingress: Security group opened to the internet' });
    events.on(EnableRuleCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await enableEventRuleApplier.apply(onBus, createAwsClients(), instantRetry());

    // Assess
    expect(events).toHaveReceivedCommandWith(DescribeRuleCommand, { Name: NAME, EventBusName: 'trailguard-prod' });
    expect(events).toHaveReceivedCommandWith(EnableRuleCommand, { Name: NAME, EventBusName: 'trailguard-prod' });
    expect(result).toMatchObject({ outcome: 'applied', detail: { rule: NAME, eventBus: 'trailguard-prod' } });
    expect(enableEventRule.undo(onBus)).toContain('--event-bus-name trailguard-prod');
    expect(() => enableEventRule.parse({ name: NAME, region: 'us-east-1', eventBusName: 'orders-bus' })).toThrow(/eventBusName/);
  });

  test('a rule that needs read-only management events gets that state back (PutRule with its own definition), not plain ENABLED', async () => {
    // Prepare
    const description = 'trailguard account.unauthorized-api-call: Unauthorized API call';
    events.on(DescribeRuleCommand).resolves({ Name: NAME, State: 'DISABLED', EventPattern: PATTERN, Description: description, EventBusName: 'default' });
    events.on(PutRuleCommand).resolves({ RuleArn: `arn:aws:events:eu-west-1:123456789012:rule/${NAME}` });

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), {
      ...instantRetry(),
      allManagementEventRules: new Set(['account.unauthorized-api-call']),
    });

    // Assess
    expect(events).not.toHaveReceivedCommand(EnableRuleCommand);
    expect(events).toHaveReceivedCommandWith(PutRuleCommand, {
      Name: NAME,
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventPattern: PATTERN,
      Description: description,
      EventBusName: 'default',
    });
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'events:PutRule', state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' } });
  });
});
