import { GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import { describeGrantee, redoCommand, type RemoveFunctionPermissionParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'remove-function-permission';

/**
 * Sources: Lambda API reference, GetPolicy / RemovePermission (errors: InvalidParameterValueException,
 * PreconditionFailedException, ResourceNotFoundException, ServiceException, TooManyRequestsException), as
 * modelled in @aws-sdk/client-lambda.
 */
const REMOVE_FUNCTION_PERMISSION_CODES: ErrorCodeTables = {
  alreadyCompliant: [],
  // GetPolicy answers this both for a deleted function and for a function left with no resource policy; either way
  // the statement is gone.
  notApplicable: ['ResourceNotFoundException'],
  failureHints: {
    AccessDeniedException:
      'the selfProtection role may not change this function\'s resource policy (IAM policy, SCP or permissions boundary); the statement is still there',
    PreconditionFailedException:
      'the resource policy changed between reading and removing; the statement is still there and the event is left for retry',
    ResourceConflictException: 'the function is being updated by another call; the statement is still there and the event is left for retry',
  },
};

interface PolicyStatement {
  readonly Sid?: unknown;
  readonly Principal?: unknown;
}

/** `*`, or the 12-digit accounts a statement's Principal names (Lambda stores an account as its root ARN). */
const principalsOf = (principal: unknown): string[] => {
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  const aws = (principal as { AWS?: unknown }).AWS;
  const values = Array.isArray(aws) ? aws : [aws];
  return values.flatMap((value) => (value === '*' ? ['*'] : typeof value === 'string' ? [/(?:^|::)(\d{12})(?::|$)/.exec(value)?.[1] ?? value] : []));
};

const granteeKey = (grantee: string): string => (grantee === '*' ? '*' : (/(\d{12})/.exec(grantee)?.[1] ?? grantee));

/**
 * Removes, by its id, the statement the AddPermission event added, once GetPolicy shows it still grants the same
 * principal: a statement removed since is already compliant, one replaced under the same id (another principal)
 * is a later change with its own event and is left alone. The removal is tied to the policy revision read.
 */
const applyRemoveFunctionPermission: Applier<RemoveFunctionPermissionParams> = async (params, clients, options = {}) => {
  const target = { FunctionName: params.functionName, ...(params.qualifier ? { Qualifier: params.qualifier } : {}) };
  const detail = { call: 'lambda:RemovePermission', region: params.region, functionName: params.functionName, statementId: params.statementId };
  let attempts = 0;
  try {
    const lambda = clients.lambda(params.region);
    const read = await withRetry(() => lambda.send(new GetPolicyCommand(target)), options.retry);
    attempts += read.attempts;
    let statements: PolicyStatement[] = [];
    try {
      const parsed = JSON.parse(read.result.Policy ?? '{}') as { Statement?: unknown };
      statements = Array.isArray(parsed.Statement) ? (parsed.Statement as PolicyStatement[]) : [];
    } catch {
      statements = [];
    }
    const statement = statements.find((candidate) => candidate.Sid === params.statementId);
    if (!statement) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'lambda:GetPolicy', attempts },
        did: `statement ${params.statementId} was already gone from the resource policy of function ${params.functionName}`,
        undo: '',
      };
    }
    const now = principalsOf(statement.Principal);
    if (!now.includes(granteeKey(params.grantee))) {
      return {
        outcome: 'not-applicable',
        detail: { ...detail, call: 'lambda:GetPolicy', principalNow: now, attempts },
        did: `statement ${params.statementId} of function ${params.functionName} was replaced since and no longer grants ${describeGrantee(params.grantee)}; the later change was left alone`,
        undo: '',
      };
    }
    const revisionId = read.result.RevisionId;
    const removed = await withRetry(
      () => lambda.send(new RemovePermissionCommand({ ...target, StatementId: params.statementId, ...(revisionId ? { RevisionId: revisionId } : {}) })),
      options.retry,
    );
    const requestId = removed.result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, ...(requestId ? { requestId } : {}), attempts: attempts + removed.attempts },
      did:
        `removed statement ${params.statementId} (${params.action} for ${describeGrantee(params.grantee)}) from the resource policy of function ` +
        `${params.functionName}${params.qualifier ? `:${params.qualifier}` : ''}; every other statement was left as it was`,
      undo: `If it was intended, add an exception for it, then: ${redoCommand(params)}`,
    };
  } catch (error) {
    if (hasErrorCode(error, REMOVE_FUNCTION_PERMISSION_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return {
        outcome: 'not-applicable',
        detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the function no longer exists, or has no resource policy any more' },
      };
    }
    return failedResult(ACTION, detail, error, REMOVE_FUNCTION_PERMISSION_CODES.failureHints);
  }
};

export const removeFunctionPermissionApplier: ActionApplier<RemoveFunctionPermissionParams> = {
  id: 'remove-function-permission',
  clients: { lambda: LambdaClient },
  codes: REMOVE_FUNCTION_PERMISSION_CODES,
  apply: applyRemoveFunctionPermission,
};
