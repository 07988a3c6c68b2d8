import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { deactivateAccessKeyApplier } from '../../../lib/remediation/deactivate-access-key/apply';
import { instantRetry } from '../support';
import { iamError, KEY, params, USER } from './world';

const iam = mockClient(IAMClient);

beforeEach(() => iam.reset());

describe('deactivate-access-key retries', () => {
  test('Throttling once on each call, then succeeded: applied, attempts counted', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).rejectsOnce(iamError('Throttling')).resolves({ AccessKeyMetadata: [{ UserName: USER, AccessKeyId: KEY, Status: 'Active' }] });
    iam.on(UpdateAccessKeyCommand).rejectsOnce(iamError('Throttling')).resolves({});
    const options = instantRetry();

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 4 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing changed', async () => {
    // Prepare
    iam.on(ListAccessKeysCommand).rejects(iamError('Throttling'));

    // Act
    const result = await deactivateAccessKeyApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(iam).toHaveReceivedCommandTimes(ListAccessKeysCommand, 4);
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'Throttling', attempts: 4 } });
  });
});
