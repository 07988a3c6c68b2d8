import { GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { removeFunctionPermissionApplier } from '../../../lib/remediation/remove-function-permission/apply';
import { instantRetry } from '../support';
import { FN, params, policyWith } from './world';

const lambda = mockClient(LambdaClient);

beforeEach(() => lambda.reset());

describe('remove-function-permission already compliant', () => {
  test('the statement was removed meanwhile: nothing is changed', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).resolves(policyWith(undefined));

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'lambda:GetPolicy', attempts: 1 }, undo: '' });
    expect(result.did).toBe(`statement backdoor was already gone from the resource policy of function ${FN}`);
  });

  test('the id now holds another principal (a later change, with its own event): left alone, not-applicable', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).resolves(policyWith({ AWS: 'arn:aws:iam::123456789012:root' }));

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { principalNow: ['123456789012'] } });
    expect(result.did).toContain('was replaced since');
  });
});
