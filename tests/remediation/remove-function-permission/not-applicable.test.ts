import { GetPolicyCommand, LambdaClient, RemovePermissionCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { removeFunctionPermissionApplier } from '../../../lib/remediation/remove-function-permission/apply';
import { instantRetry, metadata } from '../support';
import { params } from './world';

const lambda = mockClient(LambdaClient);

beforeEach(() => lambda.reset());

describe('remove-function-permission not found', () => {
  test('the function was deleted (or has no policy left): not-applicable, no error', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: metadata(404) }));
    const options = instantRetry();

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: 'ResourceNotFoundException', reason: expect.stringContaining('no longer exists') } });
  });
});
