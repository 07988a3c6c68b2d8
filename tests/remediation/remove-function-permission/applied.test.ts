import { GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { removeFunctionPermission } from '../../../lib/remediation';
import { removeFunctionPermissionApplier } from '../../../lib/remediation/remove-function-permission/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { FN, FOREIGN, params, policyWith } from './world';

const lambda = mockClient(LambdaClient);

beforeEach(() => lambda.reset());

describe('remove-function-permission applied', () => {
  test('the statement still grants the other account: removed by its id, tied to the revision read; the S3 trigger stays', async () => {
    // Prepare
    lambda.on(GetPolicyCommand).resolves(policyWith({ AWS: `arn:aws:iam::${FOREIGN}:root` }, 'rev-7'));
    lambda.on(RemovePermissionCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await removeFunctionPermissionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).toHaveReceivedCommandWith(GetPolicyCommand, { FunctionName: FN });
    expect(lambda.commandCalls(RemovePermissionCommand).map((call) => call.args[0].input)).toStrictEqual([
      { FunctionName: FN, StatementId: 'backdoor', RevisionId: 'rev-7' },
    ]);
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'lambda:RemovePermission', statementId: 'backdoor', requestId: REQUEST_ID, attempts: 2 } });
    expect(result.did).toBe(`removed statement backdoor (lambda:InvokeFunction for arn:aws:iam::${FOREIGN}:root) from the resource policy of function ${FN}; every other statement was left as it was`);
    expect(result.undo).toContain(`aws lambda add-permission --region eu-west-1 --function-name ${FN} --statement-id backdoor --action lambda:InvokeFunction --principal 'arn:aws:iam::${FOREIGN}:root'`);
  });

  test('a public function URL on an alias: removed on the alias, and the redo restores the auth type', async () => {
    // Prepare
    const publicUrl = removeFunctionPermission.parse({
      functionName: FN, statementId: 'url', region: 'eu-west-1', grantee: '*', action: 'lambda:InvokeFunctionUrl', qualifier: 'live', functionUrlAuthType: 'NONE',
    });
    lambda.on(GetPolicyCommand).resolves({ Policy: JSON.stringify({ Statement: [{ Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl' }] }) });
    lambda.on(RemovePermissionCommand).resolves({});

    // Act
    const result = await removeFunctionPermissionApplier.apply(publicUrl, createAwsClients(), instantRetry());

    // Assess
    expect(lambda).toHaveReceivedCommandWith(GetPolicyCommand, { FunctionName: FN, Qualifier: 'live' });
    expect(lambda.commandCalls(RemovePermissionCommand)[0]!.args[0].input).toStrictEqual({ FunctionName: FN, Qualifier: 'live', StatementId: 'url' });
    expect(result.outcome).toBe('applied');
    expect(result.undo).toMatch(/--qualifier live --statement-id url --action lambda:InvokeFunctionUrl --principal '\*' --function-url-auth-type NONE$/);
  });
});
