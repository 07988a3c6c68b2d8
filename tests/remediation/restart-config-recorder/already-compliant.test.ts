import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartConfigRecorderApplier } from '../../../lib/remediation/restart-config-recorder/apply';
import { instantRetry } from '../support';
import { params } from './world';

const config = mockClient(ConfigServiceClient);

beforeEach(() => config.reset());

describe('restart-config-recorder already compliant', () => {
  test('the recorder is recording again (someone started it): nothing is started', async () => {
    // Prepare
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(config).not.toHaveReceivedCommand(StartConfigurationRecorderCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'config:DescribeConfigurationRecorderStatus', recording: true, attempts: 1 }, undo: '' });
    expect(result.did).toBe('AWS Config recorder default is already recording again: nothing was started');
  });
});
