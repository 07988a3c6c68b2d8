import { DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import type { RestoreFunctionConcurrencyParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'restore-function-concurrency';

/**
 * Sources: Lambda API reference, GetFunctionConcurrency / DeleteFunctionConcurrency (errors:
 * InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, ServiceException,
 * TooManyRequestsException), as modelled in @aws-sdk/client-lambda.
 */
const RESTORE_FUNCTION_CONCURRENCY_CODES: ErrorCodeTables = {
  alreadyCompliant: [],
  // The function was deleted (DeleteFunction raises its own finding; only a redeployment brings it back).
  notApplicable: ['ResourceNotFoundException'],
  failureHints: {
    AccessDeniedException:
      'the selfProtection role may not change this function\'s concurrency (IAM policy, SCP or permissions boundary); the function still cannot run',
    ResourceConflictException: 'the function is being updated by another call; it still cannot run and the event is left for retry',
  },
};

/**
 * Lets a trailguard function run again after its reserved concurrency was set to 0. The stack deploys its functions
 * without reserved concurrency, so removing it is the exact revert; a value changed again since (not 0) is left.
 */
const applyRestoreFunctionConcurrency: Applier<RestoreFunctionConcurrencyParams> = async (params, clients, options = {}) => {
  const detail = { call: 'lambda:DeleteFunctionConcurrency', region: params.region, functionName: params.functionName };
  let attempts = 0;
  try {
    const lambda = clients.lambda(params.region);
    const current = await withRetry(() => lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: params.functionName })), options.retry);
    attempts += current.attempts;
    const reserved = current.result.ReservedConcurrentExecutions;
    if (reserved !== 0) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'lambda:GetFunctionConcurrency', reservedConcurrentExecutions: reserved ?? 'none', attempts },
      };
    }
    const { result, attempts: tries } = await withRetry(
      () => lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: params.functionName })),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return { outcome: 'applied', detail: { ...detail, ...(requestId ? { requestId } : {}), attempts: attempts + tries } };
  } catch (error) {
    if (hasErrorCode(error, RESTORE_FUNCTION_CONCURRENCY_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the function no longer exists: redeploy the stack' } };
    }
    return failedResult(ACTION, detail, error, RESTORE_FUNCTION_CONCURRENCY_CODES.failureHints);
  }
};

export const restoreFunctionConcurrencyApplier: ActionApplier<RestoreFunctionConcurrencyParams> = { id: 'restore-function-concurrency', clients: { lambda: LambdaClient }, codes: RESTORE_FUNCTION_CONCURRENCY_CODES, apply: applyRestoreFunctionConcurrency };
