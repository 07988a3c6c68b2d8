import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deactivateAccessKeyApplier } from '../../../lib/remediation/deactivate-access-key/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { KEY, OTHER_KEY, params, USER } from './world';

const iam = mockClient(IAMClient);

beforeEach(() => iam.reset());

describe('deactivate-access-key applied', () => {
  test('exactly the key the event created is set Inactive; the user\'s other key is not touched', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: USER, AccessKeyId: OTHER_KEY, Status: 'Active' }, { UserName: USER, AccessKeyId: KEY, Status: 'Active' }] });
    iam.on(UpdateAccessKeyCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommandWith(ListAccessKeysCommand, { UserName: USER });
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(iam.commandCalls(UpdateAccessKeyCommand)[0]!.args[0].input).toStrictEqual({ UserName: USER, AccessKeyId: KEY, Status: 'Inactive' });
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'iam:UpdateAccessKey', userName: USER, accessKeyId: KEY, requestId: REQUEST_ID, attempts: 2 } });
    expect(result.did).toBe(`deactivated access key ${KEY} of IAM user ${USER} (not deleted; the user's other keys and password were left as they were)`);
    expect(result.undo).toBe(`If the key was intended, add an exception for it, then: aws iam update-access-key --user-name ${USER} --access-key-id ${KEY} --status Active`);
  });
});
