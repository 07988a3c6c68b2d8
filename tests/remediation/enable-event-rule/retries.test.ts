import { DescribeRuleCommand, EnableRuleCommand, EventBridgeClient, ThrottlingException } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { enableEventRule } from '../../../lib/remediation';
import { enableEventRuleApplier } from '../../../lib/remediation/enable-event-rule/apply';
import { instantRetry, metadata } from '../support';

const events = mockClient(EventBridgeClient);
const params = enableEventRule.parse({ name: 'trailguard-prod-Ec2SgChangeEventRule-9Z8Y7X6W5V4U', region: 'us-east-1' });
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: metadata() });

beforeEach(() => events.reset());

describe('enable-event-rule retries', () => {
  test('throttled on DescribeRule and EnableRule, then succeeded: applied, every attempt counted', async () => {
    // Prepare
    events.on(DescribeRuleCommand).rejectsOnce(throttled()).resolves({ State: 'DISABLED' });
    events.on(EnableRuleCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    const options = instantRetry();

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(events).toHaveReceivedCommandTimes(DescribeRuleCommand, 2);
    expect(events).toHaveReceivedCommandTimes(EnableRuleCommand, 3);
    expect(options.sleeps).toHaveLength(3);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 5 } });
  });

  test('throttled until giving up: failed after the bounded attempts', async () => {
    // Prepare
    events.on(DescribeRuleCommand).resolves({ State: 'DISABLED' });
    events.on(EnableRuleCommand).rejects(throttled());

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(events).toHaveReceivedCommandTimes(EnableRuleCommand, 4);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'ThrottlingException', attempts: 4 } });
  });
});
