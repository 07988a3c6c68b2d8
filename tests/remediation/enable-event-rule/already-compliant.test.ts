import { DescribeRuleCommand, EnableRuleCommand, EventBridgeClient, PutRuleCommand, RuleState } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { enableEventRule } from '../../../lib/remediation';
import { enableEventRuleApplier } from '../../../lib/remediation/enable-event-rule/apply';
import { instantRetry } from '../support';

const events = mockClient(EventBridgeClient);
const params = enableEventRule.parse({ name: 'trailguard-prod-Ec2SgChangeEventRule-9Z8Y7X6W5V4U', region: 'us-east-1' });

beforeEach(() => events.reset());

describe('enable-event-rule already compliant', () => {
  test.each([RuleState.ENABLED, RuleState.ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS])('a rule already %s (re-enabled meanwhile): nothing changed', async (state) => {
    // Prepare
    events.on(DescribeRuleCommand).resolves({ State: state });

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(events).not.toHaveReceivedCommand(EnableRuleCommand);
    expect(events).not.toHaveReceivedCommand(PutRuleCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'events:DescribeRule', state } });
  });
});
