import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  InvalidConfigurationRecorderNameException,
  NoAvailableDeliveryChannelException,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { restartConfigRecorderApplier } from '../../../lib/remediation/restart-config-recorder/apply';
import { instantRetry, metadata } from '../support';
import { restartConfigRecorder } from '../../../lib/remediation';
import { configError, params } from './world';

const config = mockClient(ConfigServiceClient);

beforeEach(() => {
  config.reset();
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
});

describe('restart-config-recorder failed', () => {
  test('no delivery channel: not possible, a failure a person must act on, saying to create the channel first', async () => {
    // Prepare
    const error = new NoAvailableDeliveryChannelException({ message: 'Delivery channel is not available to start configuration recorder. (test)', $metadata: metadata() });
    config.on(StartConfigurationRecorderCommand).rejects(error);
    const options = instantRetry();

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(config).toHaveReceivedCommandTimes(StartConfigurationRecorderCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(error);
    expect(result.error?.message).toMatch(/NoAvailableDeliveryChannelException: .*without a delivery channel.*recording is still off/);
    expect(result.did).toBe(
      'could not restart AWS Config recorder default: there is no delivery channel in eu-west-1; create one, then aws configservice start-configuration-recorder --region eu-west-1 --configuration-recorder-name default',
    );
  });

  test('StartConfigurationRecorder denied: failed at once, with the AWS error as cause', async () => {
    // Prepare
    const denied = configError('AccessDeniedException');
    config.on(StartConfigurationRecorderCommand).rejects(denied);

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/AccessDeniedException: .*recording is still off/);
    expect(result.did).toBeUndefined();
  });

  test('a service-linked recorder\'s reserved name refused: not possible, a failure naming the reserved prefix and who starts such a recorder', async () => {
    // Prepare
    const serviceLinked = restartConfigRecorder.parse({ recorderName: 'AWSConfigurationRecorderForSecurityHub', region: 'eu-west-1' });
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: serviceLinked.recorderName, recording: false }] });
    const error = new InvalidConfigurationRecorderNameException({ message: 'The configuration recorder name is not valid. (test)', $metadata: metadata() });
    config.on(StartConfigurationRecorderCommand).rejects(error);
    const options = instantRetry();

    // Act
    const result = await restartConfigRecorderApplier.apply(serviceLinked, createAwsClients(), options);

    // Assess
    expect(config).toHaveReceivedCommandTimes(StartConfigurationRecorderCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(error);
    expect(result.error?.message).toMatch(/InvalidConfigurationRecorderNameException: .*AWSConfigurationRecorderFor prefix is reserved for service-linked recorders.*recording is unchanged/);
    expect(result.detail).toMatchObject({ errorCode: 'InvalidConfigurationRecorderNameException', recorderName: 'AWSConfigurationRecorderForSecurityHub' });
    expect(result.did).toContain('could not restart AWS Config recorder AWSConfigurationRecorderForSecurityHub: Config refuses the name');
    expect(result.did).toContain('aws configservice describe-configuration-recorders --region eu-west-1');
    expect(result.undo).toBe('');
  });
});
