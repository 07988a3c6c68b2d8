import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import type { DeactivateAccessKeyParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'deactivate-access-key';
const CALL = 'iam:UpdateAccessKey';

/**
 * Sources: IAM API reference, ListAccessKeys / UpdateAccessKey (errors: NoSuchEntity, LimitExceeded,
 * ServiceFailure), as modelled in @aws-sdk/client-iam.
 */
const DEACTIVATE_ACCESS_KEY_CODES: ErrorCodeTables = {
  // Deactivating an inactive key succeeds, so "already inactive" is read from ListAccessKeys first.
  alreadyCompliant: [],
  // The user (or the key) was deleted since: the key can no longer be used. The SDK names the wire code
  // NoSuchEntity NoSuchEntityException; other clients use the wire code.
  notApplicable: ['NoSuchEntityException', 'NoSuchEntity'],
  failureHints: {
    AccessDeniedException:
      'the selfProtection role may not change this user\'s access keys (IAM policy, SCP or permissions boundary); the key is still active',
    AccessDenied:
      'the selfProtection role may not change this user\'s access keys (IAM policy, SCP or permissions boundary); the key is still active',
  },
};

const activateCommand = (params: DeactivateAccessKeyParams): string =>
  `aws iam update-access-key --user-name ${params.userName} --access-key-id ${params.accessKeyId} --status Active`;

/**
 * Deactivates exactly the key the event created, for the user it was created for. Never deletes it: a
 * deactivated key is evidence, and the alert's command turns it back on if it was legitimate.
 */
const applyDeactivateAccessKey: Applier<DeactivateAccessKeyParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, userName: params.userName, accessKeyId: params.accessKeyId };
  let attempts = 0;
  try {
    const iam = clients.iam(params.region);
    // A user holds at most two access keys, so the first page is all of them.
    const listed = await withRetry(() => iam.send(new ListAccessKeysCommand({ UserName: params.userName })), options.retry);
    attempts += listed.attempts;
    const key = listed.result.AccessKeyMetadata?.find((metadata) => metadata.AccessKeyId === params.accessKeyId);
    if (!key) {
      return {
        outcome: 'not-applicable',
        detail: { ...detail, call: 'iam:ListAccessKeys', reason: 'the access key no longer exists', attempts },
        did: `access key ${params.accessKeyId} of IAM user ${params.userName} was already deleted: nothing to deactivate`,
        undo: '',
      };
    }
    if (key.Status === 'Inactive') {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'iam:ListAccessKeys', status: 'Inactive', attempts },
        did: `access key ${params.accessKeyId} of IAM user ${params.userName} was already inactive: nothing was changed`,
        undo: '',
      };
    }
    const { result, attempts: tries } = await withRetry(
      () => iam.send(new UpdateAccessKeyCommand({ UserName: params.userName, AccessKeyId: params.accessKeyId, Status: 'Inactive' })),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, ...(requestId ? { requestId } : {}), attempts: attempts + tries },
      did: `deactivated access key ${params.accessKeyId} of IAM user ${params.userName} (not deleted; the user's other keys and password were left as they were)`,
      undo: `If the key was intended, add an exception for it, then: ${activateCommand(params)}`,
    };
  } catch (error) {
    if (hasErrorCode(error, DEACTIVATE_ACCESS_KEY_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the user or the key no longer exists' } };
    }
    return failedResult(ACTION, detail, error, DEACTIVATE_ACCESS_KEY_CODES.failureHints);
  }
};

export const deactivateAccessKeyApplier: ActionApplier<DeactivateAccessKeyParams> = {
  id: 'deactivate-access-key',
  clients: { iam: IAMClient },
  codes: DEACTIVATE_ACCESS_KEY_CODES,
  apply: applyDeactivateAccessKey,
};
