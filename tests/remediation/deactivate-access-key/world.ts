import { IAMServiceException } from '@aws-sdk/client-iam';
import { deactivateAccessKey } from '../../../lib/remediation';
import { REQUEST_ID } from '../support';

export const USER = 'svc-backup';
export const KEY = 'AKIAIOSFODNN7BACKDOR';
/** The user's own key from before the event: never touched. */
export const OTHER_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** What iam-backdoor-user requests for CreateAccessKey on svc-backup, in a stage that opted in. */
export const params = deactivateAccessKey.parse({ userName: USER, accessKeyId: KEY, region: 'us-east-1' });

/** An IAM error by code, built like the SDK's (IAM's query protocol names it by its code). */
export const iamError = (code: string, httpStatusCode = 400): IAMServiceException =>
  new IAMServiceException({ name: code, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode, requestId: REQUEST_ID }, message: `${code} (test)` });
