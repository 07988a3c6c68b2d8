import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry, kmsError } from '../support';
import { historyEvent, KEY_ARN, params } from './world';

const kms = mockClient(KMSClient);
const cloudtrail = mockClient(CloudTrailClient);

const denied = () => kmsError('AccessDeniedException');

beforeEach(() => {
  kms.reset();
  cloudtrail.reset();
  kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_ARN, KeyState: 'PendingDeletion' } });
});

describe('cancel-key-deletion failed', () => {
  test('CancelKeyDeletion denied: failed at once, the AWS error as cause, saying the key is still scheduled', async () => {
    // Prepare
    const error = denied();
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
    kms.on(CancelKeyDeletionCommand).rejects(error);
    const options = instantRetry();

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(error);
    expect(result.error?.message).toMatch(/AccessDeniedException: .*still scheduled for deletion/);
    expect(result.did).toBeUndefined();
  });

  test('cancelled, but EnableKey denied though the key was enabled before: failed, and the alert says the deletion is off and how to enable it', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [historyEvent('EnableKey', '2026-10-30T12:00:00Z')] });
    kms.on(CancelKeyDeletionCommand).resolves({});
    kms.on(EnableKeyCommand).rejects(denied());

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result).toMatchObject({ outcome: 'failed', detail: { cancelled: true, call: 'kms:EnableKey', errorCode: 'AccessDeniedException' } });
    expect(result.did).toBe(`cancelled the scheduled deletion of KMS key ${KEY_ARN}, but could not enable it again as it was before the schedule: aws kms enable-key --region eu-west-1 --key-id ${KEY_ARN}`);
  });

  test('reading the key denied: failed, nothing cancelled', async () => {
    // Prepare
    kms.on(DescribeKeyCommand).rejects(denied());

    // Act
    const result = await cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(kms).not.toHaveReceivedCommand(CancelKeyDeletionCommand);
    expect(result.outcome).toBe('failed');
  });
});
