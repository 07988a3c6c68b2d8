import { DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, LambdaClient, LambdaServiceException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { restoreFunctionConcurrency } from '../../../lib/remediation';
import { restoreFunctionConcurrencyApplier } from '../../../lib/remediation/restore-function-concurrency/apply';
import { instantRetry, REQUEST_ID } from '../support';

const lambda = mockClient(LambdaClient);
const params = restoreFunctionConcurrency.parse({ functionName: 'trailguard-prod-securityGroup', region: 'us-east-1' });

beforeEach(() => lambda.reset());

describe('restore-function-concurrency failed', () => {
  test('DeleteFunctionConcurrency denied: failed at once, saying the function still cannot run', async () => {
    // Prepare
    const denied = new LambdaServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403, requestId: REQUEST_ID }, message: 'not authorized' });
    lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
    lambda.on(DeleteFunctionConcurrencyCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(DeleteFunctionConcurrencyCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDeniedException: .*still cannot run/);
  });
});
