import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartConfigRecorderApplier } from '../../../lib/remediation/restart-config-recorder/apply';
import { instantRetry } from '../support';
import { configError, params } from './world';

const config = mockClient(ConfigServiceClient);

beforeEach(() => config.reset());

describe('restart-config-recorder retries', () => {
  test('ThrottlingException once on each call, then succeeded: applied, attempts counted', async () => {
    // Prepare
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .rejectsOnce(configError('ThrottlingException'))
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
    config.on(StartConfigurationRecorderCommand).rejectsOnce(configError('ThrottlingException')).resolves({});
    const options = instantRetry();

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(config).toHaveReceivedCommandTimes(StartConfigurationRecorderCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 4 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing started', async () => {
    // Prepare
    config.on(DescribeConfigurationRecorderStatusCommand).rejects(configError('ThrottlingException'));

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(config).toHaveReceivedCommandTimes(DescribeConfigurationRecorderStatusCommand, 4);
    expect(config).not.toHaveReceivedCommand(StartConfigurationRecorderCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'ThrottlingException', attempts: 4 } });
  });
});
