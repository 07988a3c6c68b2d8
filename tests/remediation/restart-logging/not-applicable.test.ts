import { CloudTrailClient, StartLoggingCommand, TrailNotFoundException } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartLogging } from '../../../lib/remediation';
import { restartLoggingApplier } from '../../../lib/remediation/restart-logging/apply';
import { instantRetry, metadata, REQUEST_ID } from '../support';

const cloudTrailMock = mockClient(CloudTrailClient);

beforeEach(() => cloudTrailMock.reset());

describe('restart-logging not applicable', () => {
  test('TrailNotFoundException: the trail was deleted after it was stopped, no retry', async () => {
    // Prepare
    cloudTrailMock.on(StartLoggingCommand).rejects(new TrailNotFoundException({ message: 'Unknown trail', $metadata: metadata() }));
    const params = restartLogging.parse({ trail: 'management-events', region: 'us-east-1' });
    const options = instantRetry();

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('not-applicable');
    expect(result.error).toBeUndefined();
    expect(result.detail).toStrictEqual({
      call: 'cloudtrail:StartLogging',
      region: 'us-east-1',
      trail: 'management-events',
      errorCode: 'TrailNotFoundException',
      requestId: REQUEST_ID,
      attempts: 1,
      reason: 'the trail no longer exists',
    });
  });
});
