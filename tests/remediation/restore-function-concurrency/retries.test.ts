import { DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreFunctionConcurrency } from '../../../lib/remediation';
import { restoreFunctionConcurrencyApplier } from '../../../lib/remediation/restore-function-concurrency/apply';
import { instantRetry, metadata } from '../support';

const lambda = mockClient(LambdaClient);
const params = restoreFunctionConcurrency.parse({ functionName: 'trailguard-prod-securityGroup', region: 'us-east-1' });
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: metadata(429) });

beforeEach(() => lambda.reset());

describe('restore-function-concurrency retries', () => {
  test('throttled once, then succeeded: applied', async () => {
    // Prepare
    lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
    lambda.on(DeleteFunctionConcurrencyCommand).rejectsOnce(throttled()).resolves({});
    const options = instantRetry();

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(DeleteFunctionConcurrencyCommand, 2);
    expect(options.sleeps).toHaveLength(1);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 3 } });
  });

  test('throttled until giving up: failed after the bounded attempts', async () => {
    // Prepare
    lambda.on(GetFunctionConcurrencyCommand).rejects(throttled());

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(GetFunctionConcurrencyCommand, 4);
    expect(lambda).not.toHaveReceivedCommand(DeleteFunctionConcurrencyCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'TooManyRequestsException', attempts: 4 } });
  });
});
