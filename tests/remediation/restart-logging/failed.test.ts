import {
  AccessDeniedException,
  CloudTrailARNInvalidException,
  CloudTrailClient,
  ConflictException,
  InvalidHomeRegionException,
  InvalidTrailNameException,
  NotOrganizationMasterAccountException,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { restartLogging } from '../../../lib/remediation';
import { restartLoggingApplier } from '../../../lib/remediation/restart-logging/apply';
import { instantRetry, metadata } from '../support';

const cloudTrailMock = mockClient(CloudTrailClient);
const params = restartLogging.parse({ trail: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail', region: 'us-east-1' });

beforeEach(() => cloudTrailMock.reset());

describe('restart-logging failed', () => {
  test('AccessDeniedException: failed at once, without retrying, and says logging is still off', async () => {
    // Prepare
    const denied = new AccessDeniedException({ message: 'User is not authorized', $metadata: metadata(403) });
    cloudTrailMock.on(StartLoggingCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/^remediation restart-logging failed: AccessDeniedException: .*logging is still off/);
    expect(result.detail).toMatchObject({ errorCode: 'AccessDeniedException', httpStatusCode: 403, attempts: 1 });
  });

  test('NotOrganizationMasterAccountException: an organization trail, failed with a message saying where to start it', async () => {
    // Prepare
    cloudTrailMock
      .on(StartLoggingCommand)
      .rejects(new NotOrganizationMasterAccountException({ message: 'not the management account', $metadata: metadata() }));

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain('organization trail');
    expect(result.error?.message).toContain('management account');
    expect(result.detail).toMatchObject({ errorCode: 'NotOrganizationMasterAccountException', hint: expect.stringContaining('organization trail') });
  });

  test.each([
    ['InvalidTrailNameException', () => new InvalidTrailNameException({ message: 'bad name', $metadata: metadata() })],
    ['CloudTrailARNInvalidException', () => new CloudTrailARNInvalidException({ message: 'bad arn', $metadata: metadata() })],
    ['InvalidHomeRegionException', () => new InvalidHomeRegionException({ message: 'wrong region', $metadata: metadata() })],
  ])('%s: the identifier StopLogging accepted cannot be wrong, so this is a bug and fails loudly', async (code, error) => {
    // Prepare
    cloudTrailMock.on(StartLoggingCommand).rejects(error());

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatchObject({ errorCode: code });
    expect(result.error?.message).toContain('trailguard bug');
  });

  test('ConflictException is not retried in the invocation: failed, and the event is left for retry', async () => {
    // Prepare
    cloudTrailMock.on(StartLoggingCommand).rejects(new ConflictException({ message: 'busy', $metadata: metadata(409) }));

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(result.outcome).toBe('failed');
  });
});
