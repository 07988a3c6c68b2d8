import { IAMClient, ListAccessKeysCommand, NoSuchEntityException, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deactivateAccessKeyApplier } from '../../../lib/remediation/deactivate-access-key/apply';
import { instantRetry, metadata } from '../support';
import { KEY, OTHER_KEY, params, USER } from './world';

const iam = mockClient(IAMClient);

beforeEach(() => iam.reset());

describe('deactivate-access-key not found', () => {
  test('the user was deleted since (NoSuchEntity): not-applicable, no error, nothing retried', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).rejects(new NoSuchEntityException({ message: `The user with name ${USER} cannot be found.`, $metadata: metadata(404) }));
    const options = instantRetry();

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: 'NoSuchEntityException', reason: 'the user or the key no longer exists' } });
  });

  test('the key was deleted since (the user has only another key): not-applicable, the other key untouched', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: USER, AccessKeyId: OTHER_KEY, Status: 'Active' }] });

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { reason: 'the access key no longer exists' }, undo: '' });
    expect(result.did).toBe(`access key ${KEY} of IAM user ${USER} was already deleted: nothing to deactivate`);
  });
});
