import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CancelKeyDeletionCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { cancelKeyDeletionApplier } from '../../../lib/remediation/cancel-key-deletion/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { historyEvent, KEY_ARN, mockPendingKey, params } from './world';

// A key in use has an event history made mostly of KMS's own cryptographic calls on it: these tests are about
// reading the key's state before the schedule from them.

const { kms, cloudtrail } = mockPendingKey(REQUEST_ID);

const apply = () => cancelKeyDeletionApplier.apply(params, createAwsClients(), instantRetry());

describe('cancel-key-deletion: the key\'s use decides its prior state', () => {
  test('a page of successful cryptographic calls and no toggle: the key was enabled, so it is enabled again', async () => {
    // Prepare: a full page of uses, newest first; DescribeKey (allowed on a disabled key) is newest and proves nothing.
    const uses = ['GenerateDataKey', 'Decrypt', 'Encrypt', 'ReEncrypt', 'GenerateDataKeyWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac'];
    cloudtrail.on(LookupEventsCommand).resolvesOnce({
      Events: [
        historyEvent('DescribeKey', '2026-11-02T09:14:59Z'),
        ...Array.from({ length: 49 }, (_, i) => historyEvent(uses[i % uses.length]!, `2026-11-02T09:${String(13 - Math.floor(i / 10)).padStart(2, '0')}:${String(59 - (i % 10)).padStart(2, '0')}Z`)),
      ],
      NextToken: 'page-2',
    });

    // Act
    const result = await apply();

    // Assess: the first use's second is left behind by an older use, which settles it without reading page 2.
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
    expect(kms).toHaveReceivedCommandTimes(EnableKeyCommand, 1);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Enabled', priorStateEvent: 'evt-GenerateDataKey-2026-11-02T09:13:59Z', enabled: true } });
    expect(result.did).toBe(
      `cancelled the scheduled deletion of KMS key ${KEY_ARN} and enabled it again, as it was before the schedule (a successful GenerateDataKey at 2026-11-02T09:13:59Z (CloudTrail event evt-GenerateDataKey-2026-11-02T09:13:59Z), which KMS allows only on an enabled key, and no enable or disable after it)`,
    );
  });

  test('the only use is the last event of the history: it still decides (enabled)', async () => {
    // Prepare
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [historyEvent('GetKeyPolicy', '2026-11-02T09:00:00Z')], NextToken: 'page-2' })
      .resolves({ Events: [historyEvent('Decrypt', '2026-10-20T08:00:00Z')] });

    // Act
    const result = await apply();

    // Assess
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 2);
    expect(kms).toHaveReceivedCommandTimes(EnableKeyCommand, 1);
    expect(result).toMatchObject({ detail: { priorState: 'Enabled', priorStateEvent: 'evt-Decrypt-2026-10-20T08:00:00Z' } });
  });

  test.each(['DisabledException', 'KMSInvalidStateException', 'AccessDeniedException'])(
    'a failed Decrypt (%s) is no proof: with nothing else the state is unknown and the key stays disabled',
    async (errorCode) => {
      // Prepare
      cloudtrail.on(LookupEventsCommand).resolves({
        Events: [historyEvent('Decrypt', '2026-11-02T09:14:00Z', { errorCode }), historyEvent('GenerateDataKey', '2026-11-02T09:13:00Z', { errorCode })],
      });

      // Act
      const result = await apply();

      // Assess
      expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 1);
      expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
      expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'unknown', enabled: false } });
      expect(result.did).toContain('no enable, disable, creation or successful use of the key in CloudTrail\'s last 90 days (2 events read)');
    },
  );

  test('failed uses after a DisableKey that followed successful ones: the DisableKey decides (disabled)', async () => {
    // Prepare: applications kept calling after the key was disabled; their calls failed.
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [
        historyEvent('Decrypt', '2026-11-02T09:14:30Z', { errorCode: 'DisabledException' }),
        historyEvent('Encrypt', '2026-11-02T09:14:20Z', { errorCode: 'DisabledException' }),
        historyEvent('DisableKey', '2026-11-02T09:14:10Z'),
        historyEvent('Decrypt', '2026-11-02T09:14:00Z'),
        historyEvent('GenerateDataKey', '2026-11-02T09:13:00Z'),
      ],
    });

    // Act
    const result = await apply();

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { priorState: 'Disabled', priorStateEvent: 'evt-DisableKey-2026-11-02T09:14:10Z', enabled: false } });
    expect(result.did).toContain('it stays disabled, as it was before the schedule (its last DisableKey at 2026-11-02T09:14:10Z');
  });

  test('a DisableKey in the same second as a successful use, listed after it: the DisableKey wins (disabled)', async () => {
    // Prepare: a script disables a key in use and schedules its deletion; within one second CloudTrail gives no
    // order, so a use listed first must not decide.
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [historyEvent('Decrypt', '2026-11-02T09:15:00Z'), historyEvent('DisableKey', '2026-11-02T09:15:00Z'), historyEvent('Decrypt', '2026-11-02T09:14:59Z')],
    });

    // Act
    const result = await apply();

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ detail: { priorState: 'Disabled', priorStateEvent: 'evt-DisableKey-2026-11-02T09:15:00Z' } });
  });

  test('uses in a second of their own before a DisableKey: the newer use decides (enabled)', async () => {
    // Prepare: enabled again since the DisableKey (its EnableKey older than the history read), then used.
    cloudtrail.on(LookupEventsCommand).resolves({
      Events: [historyEvent('Decrypt', '2026-11-02T09:14:00Z'), historyEvent('Decrypt', '2026-11-02T09:14:00Z'), historyEvent('DisableKey', '2026-11-02T09:13:59Z')],
    });

    // Act
    const result = await apply();

    // Assess
    expect(kms).toHaveReceivedCommandTimes(EnableKeyCommand, 1);
    expect(result).toMatchObject({ detail: { priorState: 'Enabled', priorStateEvent: 'evt-Decrypt-2026-11-02T09:14:00Z' } });
  });

  test('a call named like a use but not from KMS is no proof', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [historyEvent('Decrypt', '2026-11-02T09:14:00Z', { eventSource: 'example.amazonaws.com' })] });

    // Act
    const result = await apply();

    // Assess
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(result).toMatchObject({ detail: { priorState: 'unknown' } });
  });
});
