import { CancelKeyDeletionCommand, DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry, metadata } from '../support';
import { params } from './world';

const kms = mockClient(KMSClient);

beforeEach(() => kms.reset());

describe('cancel-key-deletion not found', () => {
  test('NotFoundException (the key is gone): not-applicable, no error, nothing retried', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).rejects(new NotFoundException({ message: 'Key not found (test)', $metadata: metadata() }));
    const options = instantRetry();

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(kms).not.toHaveReceivedCommand(CancelKeyDeletionCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: 'NotFoundException', reason: 'the key no longer exists' } });
  });
});
