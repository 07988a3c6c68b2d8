import { DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreFunctionConcurrency } from '../../../lib/remediation';
import { restoreFunctionConcurrencyApplier } from '../../../lib/remediation/restore-function-concurrency/apply';
import { instantRetry } from '../support';

const lambda = mockClient(LambdaClient);
const params = restoreFunctionConcurrency.parse({ functionName: 'trailguard-prod-securityGroup', region: 'us-east-1' });

beforeEach(() => lambda.reset());

describe('restore-function-concurrency already compliant', () => {
  test.each([
    ['no reserved concurrency any more (removed meanwhile)', {}, 'none'],
    ['set again since, to 5 (someone\'s later decision is left alone)', { ReservedConcurrentExecutions: 5 }, 5],
  ])('%s: nothing changed', async (_name, response, reported) => {
    // Prepare
    lambda.on(GetFunctionConcurrencyCommand).resolves(response);

    // Act
    const result = await restoreFunctionConcurrencyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).not.toHaveReceivedCommand(DeleteFunctionConcurrencyCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { reservedConcurrentExecutions: reported } });
  });
});
