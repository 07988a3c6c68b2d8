import { GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { removeFunctionPermissionApplier } from '../../../lib/remediation/remove-function-permission/apply';
import { instantRetry } from '../support';
import { FOREIGN, lambdaError, params, policyWith } from './world';

const lambda = mockClient(LambdaClient);

beforeEach(() => lambda.reset());

describe('remove-function-permission failed', () => {
  test('RemovePermission denied: failed at once, with the AWS error as cause, saying the statement is still there', async () => {
    // Prepare
    const denied = lambdaError('AccessDeniedException', 403);
    lambda.on(GetPolicyCommand).resolves(policyWith({ AWS: `arn:aws:iam::${FOREIGN}:root` }));
    lambda.on(RemovePermissionCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(lambda).toHaveReceivedCommandTimes(RemovePermissionCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDeniedException: .*still there/);
  });

  test('the policy changed between read and remove (PreconditionFailed): failed, left for the retry', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).resolves(policyWith({ AWS: `arn:aws:iam::${FOREIGN}:root` }));
    lambda.on(RemovePermissionCommand).rejects(lambdaError('PreconditionFailedException', 412));

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toMatch(/PreconditionFailedException: .*left for retry/);
  });
});
