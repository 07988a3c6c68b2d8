import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry, kmsError } from '../support';
import { historyEvent, KEY_ARN, params } from './world';

const kms = mockClient(KMSClient);
const cloudtrail = mockClient(CloudTrailClient);

const throttled = () => kmsError('ThrottlingException');

beforeEach(() => {
  kms.reset();
  cloudtrail.reset();
});

describe('cancel-key-deletion retries', () => {
  test('ThrottlingException once on each KMS call, then succeeded: applied, attempts counted', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).rejectsOnce(throttled()).resolves({ KeyMetadata: { KeyId: KEY_ARN, KeyState: 'PendingDeletion' } });
    kms.on(CancelKeyDeletionCommand).rejectsOnce(throttled()).resolves({});
    kms.on(EnableKeyCommand).rejectsOnce(throttled()).resolves({});
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [historyEvent('EnableKey', '2026-10-30T12:00:00Z')] });
    const options = instantRetry();

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 2);
    expect(options.sleeps).toHaveLength(3);
    expect(result).toMatchObject({ outcome: 'applied', detail: { enabled: true, attempts: 6 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing cancelled', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).rejects(throttled());

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).toHaveReceivedCommandTimes(DescribeKeyCommand, 4);
    expect(kms).not.toHaveReceivedCommand(CancelKeyDeletionCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'ThrottlingException', attempts: 4 } });
  });
});
