import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry } from '../support';
import { KEY_ARN, params } from './world';

const kms = mockClient(KMSClient);
const cloudtrail = mockClient(CloudTrailClient);

beforeEach(() => {
  kms.reset();
  cloudtrail.reset();
});

describe('cancel-key-deletion already compliant', () => {
  test.each(['Disabled', 'Enabled'])('the key is no longer pending deletion (%s): nothing cancelled, nothing enabled, no history read', async (state) => {
    // Prepare
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_ARN, KeyState: state as 'Disabled' } });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).not.toHaveReceivedCommand(CancelKeyDeletionCommand);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(cloudtrail).not.toHaveReceivedCommand(LookupEventsCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'kms:DescribeKey', keyState: state, attempts: 1 }, undo: '' });
    expect(result.did).toBe(`KMS key ${KEY_ARN} is no longer scheduled for deletion (state ${state}): nothing was cancelled`);
  });

  test('a multi-Region primary waiting for its replicas (PendingReplicaDeletion) is still cancelled', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_ARN, KeyState: 'PendingReplicaDeletion' } });
    kms.on(CancelKeyDeletionCommand).resolves({});
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
    expect(result.outcome).toBe('applied');
  });
});
