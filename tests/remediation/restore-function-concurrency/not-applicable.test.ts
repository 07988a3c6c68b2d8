import { GetFunctionConcurrencyCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreFunctionConcurrency } from '../../../lib/remediation';
import { restoreFunctionConcurrencyApplier } from '../../../lib/remediation/restore-function-concurrency/apply';
import { instantRetry, metadata } from '../support';

const lambda = mockClient(LambdaClient);
const params = restoreFunctionConcurrency.parse({ functionName: 'trailguard-prod-securityGroup', region: 'us-east-1' });

beforeEach(() => lambda.reset());

describe('restore-function-concurrency not found', () => {
  test('the function was deleted: not-applicable, no error, saying to redeploy', async () => {
    // Prepare
    lambda.on(GetFunctionConcurrencyCommand).rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: metadata(404) }));

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('not-applicable');
    expect(result.error).toBeUndefined();
    expect(result.detail).toMatchObject({ errorCode: 'ResourceNotFoundException', reason: expect.stringContaining('redeploy') });
  });
});
