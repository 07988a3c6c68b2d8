import { LambdaServiceException } from '@aws-sdk/client-lambda';
import { removeFunctionPermission } from '../../../lib/remediation';
import { REQUEST_ID } from '../support';

export const FN = 'orders-processor';
export const FOREIGN = '111122223333';

/** What the rule requests for AddPermission letting FOREIGN's root invoke FN through statement `backdoor`. */
export const params = removeFunctionPermission.parse({
  functionName: FN,
  statementId: 'backdoor',
  region: 'eu-west-1',
  grantee: `arn:aws:iam::${FOREIGN}:root`,
  action: 'lambda:InvokeFunction',
});

const statement = (sid: string, principal: unknown) => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: principal,
  Action: 'lambda:InvokeFunction',
  Resource: `arn:aws:lambda:eu-west-1:123456789012:function:${FN}`,
});

/** GetPolicy's answer: the backdoor statement (Lambda stores an account as its root ARN) beside an S3 trigger. */
export const policyWith = (backdoorPrincipal: unknown, revisionId = 'rev-1') => ({
  RevisionId: revisionId,
  Policy: JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      statement('s3-trigger', { Service: 's3.amazonaws.com' }),
      ...(backdoorPrincipal === undefined ? [] : [statement('backdoor', backdoorPrincipal)]),
    ],
  }),
});

export const lambdaError = (code: string, httpStatusCode = 400): LambdaServiceException =>
  new LambdaServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });
