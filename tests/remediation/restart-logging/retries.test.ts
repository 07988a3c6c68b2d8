import { CloudTrailClient, StartLoggingCommand, ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { restartLogging } from '../../../lib/remediation';
import { restartLoggingApplier } from '../../../lib/remediation/restart-logging/apply';
import { cloudTrailError, instantRetry, metadata, networkError } from '../support';

const cloudTrailMock = mockClient(CloudTrailClient);
const params = restartLogging.parse({ trail: 'management-events', region: 'us-east-1' });
const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: metadata() });

beforeEach(() => cloudTrailMock.reset());

describe('restart-logging retries', () => {
  test.each([1, 2])('throttled %i time(s), then succeeded: applied, attempts counted', async (times) => {
    // Prepare
    const behaviour = cloudTrailMock.on(StartLoggingCommand);
    for (let i = 0; i < times; i += 1) behaviour.rejectsOnce(throttled());
    behaviour.resolves({});
    const options = instantRetry();

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, times + 1);
    expect(options.sleeps).toHaveLength(times);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: times + 1 });
  });

  test('throttled until giving up: failed after the bounded attempts, the AWS error as cause', async () => {
    // Prepare
    const error = throttled();
    cloudTrailMock.on(StartLoggingCommand).rejects(error);
    const options = instantRetry();

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 4);
    expect(options.sleeps).toHaveLength(3);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(error);
    expect(result.detail).toMatchObject({ trail: 'management-events', errorCode: 'ThrottlingException', attempts: 4 });
  });

  test('a 5xx once, then succeeded: applied on the second attempt', async () => {
    // Prepare
    cloudTrailMock.on(StartLoggingCommand).rejectsOnce(cloudTrailError('InternalFailure', 500)).resolves({});

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 2);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: 2 });
  });

  test('a network error once, then succeeded: applied on the second attempt', async () => {
    // Prepare
    cloudTrailMock.on(StartLoggingCommand).rejectsOnce(networkError('ECONNRESET')).resolves({});

    // Act
    const result = await restartLoggingApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(StartLoggingCommand, 2);
    expect(result.outcome).toBe('applied');
  });
});
