import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { deactivateAccessKeyApplier } from '../../../lib/remediation/deactivate-access-key/apply';
import { instantRetry } from '../support';
import { iamError, KEY, params, USER } from './world';

const iam = mockClient(IAMClient);

beforeEach(() => iam.reset());

describe('deactivate-access-key failed', () => {
  test('UpdateAccessKey denied: failed at once, the AWS error as cause, saying the key is still active', async () => {
    // Prepare
    const denied = iamError('AccessDenied', 403);
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: USER, AccessKeyId: KEY, Status: 'Active' }] });
    iam.on(UpdateAccessKeyCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDenied: .*the key is still active/);
    expect(result.detail).toMatchObject({ errorCode: 'AccessDenied', userName: USER, accessKeyId: KEY });
  });

  test('listing the keys denied: failed, nothing changed', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).rejects(iamError('AccessDenied', 403));

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(result.outcome).toBe('failed');
  });
});
