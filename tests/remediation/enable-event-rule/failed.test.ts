import { AccessDeniedException, DescribeRuleCommand, EnableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { enableEventRule } from '../../../lib/remediation';
import { enableEventRuleApplier } from '../../../lib/remediation/enable-event-rule/apply';
import { instantRetry, metadata } from '../support';

const events = mockClient(EventBridgeClient);
const params = enableEventRule.parse({ name: 'trailguard-prod-Ec2SgChangeEventRule-9Z8Y7X6W5V4U', region: 'us-east-1' });

beforeEach(() => events.reset());

describe('enable-event-rule failed', () => {
  test('EnableRule denied: failed at once (no retry), the rule still disabled, the AWS error as cause', async () => {
    // Prepare
    const denied = new AccessDeniedException({ message: 'not authorized to perform: events:EnableRule', $metadata: metadata(403) });
    events.on(DescribeRuleCommand).resolves({ State: 'DISABLED', Description: 'trailguard ec2.sg-change: Security group changed' });
    events.on(EnableRuleCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await enableEventRuleApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(events).toHaveReceivedCommandTimes(EnableRuleCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/^remediation enable-event-rule failed: AccessDeniedException: .*still disabled/);
    expect(result.detail).toMatchObject({ errorCode: 'AccessDeniedException', httpStatusCode: 403 });
  });
});
