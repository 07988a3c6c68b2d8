import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deactivateAccessKeyApplier } from '../../../lib/remediation/deactivate-access-key/apply';
import { instantRetry } from '../support';
import { KEY, params, USER } from './world';

const iam = mockClient(IAMClient);

beforeEach(() => iam.reset());

describe('deactivate-access-key already compliant', () => {
  test('the key is already inactive: nothing is changed', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: USER, AccessKeyId: KEY, Status: 'Inactive' }] });

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'iam:ListAccessKeys', status: 'Inactive', attempts: 1 }, undo: '' });
    expect(result.did).toBe(`access key ${KEY} of IAM user ${USER} was already inactive: nothing was changed`);
  });
});
