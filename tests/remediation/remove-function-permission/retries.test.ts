import { GetPolicyCommand, LambdaClient, RemovePermissionCommand, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { removeFunctionPermissionApplier } from '../../../lib/remediation/remove-function-permission/apply';
import { instantRetry, metadata } from '../support';
import { FOREIGN, params, policyWith } from './world';

const lambda = mockClient(LambdaClient);
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: metadata(429) });

beforeEach(() => lambda.reset());

describe('remove-function-permission retries', () => {
  test('throttled once, then succeeded: applied', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).resolves(policyWith({ AWS: `arn:aws:iam::${FOREIGN}:root` }));
    lambda.on(RemovePermissionCommand).rejectsOnce(throttled()).resolves({});
    const options = instantRetry();

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(RemovePermissionCommand, 2);
    expect(options.sleeps).toHaveLength(1);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 3 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing removed', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).rejects(throttled());

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(GetPolicyCommand, 4);
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'TooManyRequestsException', attempts: 4 } });
  });
});
