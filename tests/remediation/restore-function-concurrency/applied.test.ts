import { DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreFunctionConcurrency } from '../../../lib/remediation';
import { restoreFunctionConcurrencyApplier } from '../../../lib/remediation/restore-function-concurrency/apply';
import { instantRetry, REQUEST_ID } from '../support';

const lambda = mockClient(LambdaClient);
const params = restoreFunctionConcurrency.parse({ functionName: 'trailguard-prod-securityGroup', region: 'us-east-1' });

beforeEach(() => lambda.reset());

describe('restore-function-concurrency applied', () => {
  test('reserved concurrency still 0: removed (the stack deploys none), so the function runs again', async () => {
    // Prepare
    lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
    lambda.on(DeleteFunctionConcurrencyCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).toHaveReceivedCommandWith(GetFunctionConcurrencyCommand, { FunctionName: 'trailguard-prod-securityGroup' });
    expect(lambda).toHaveReceivedCommandWith(DeleteFunctionConcurrencyCommand, { FunctionName: 'trailguard-prod-securityGroup' });
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'lambda:DeleteFunctionConcurrency', requestId: REQUEST_ID, attempts: 2 } });
  });
});
