import { DescribeRuleCommand, EnableRuleCommand, EventBridgeClient, ResourceNotFoundException } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { enableEventRule } from '../../../lib/remediation';
import { enableEventRuleApplier } from '../../../lib/remediation/enable-event-rule/apply';
import { instantRetry, metadata, REQUEST_ID } from '../support';

const events = mockClient(EventBridgeClient);
const params = enableEventRule.parse({ name: 'trailguard-prod-Ec2SgChangeEventRule-9Z8Y7X6W5V4U', region: 'us-east-1' });

beforeEach(() => events.reset());

describe('enable-event-rule not found', () => {
  test('the rule was deleted after it was disabled: not-applicable, saying a redeployment brings it back', async () => {
    // Prepare
    events.on(DescribeRuleCommand).rejects(new ResourceNotFoundException({ message: 'Rule does not exist', $metadata: metadata() }));

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(events).not.toHaveReceivedCommand(EnableRuleCommand);
    expect(result.outcome).toBe('not-applicable');
    expect(result.error).toBeUndefined();
    expect(result.detail).toMatchObject({ errorCode: 'ResourceNotFoundException', requestId: REQUEST_ID, reason: expect.stringContaining('redeploy') });
  });
});
