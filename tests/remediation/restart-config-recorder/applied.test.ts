import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartConfigRecorderApplier } from '../../../lib/remediation/restart-config-recorder/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { params } from './world';

const config = mockClient(ConfigServiceClient);

beforeEach(() => config.reset());

describe('restart-config-recorder applied', () => {
  test('the stopped recorder is started again, by name, in the event\'s region', async () => {
    // Prepare
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false, lastStatus: 'Success' }] });
    config.on(StartConfigurationRecorderCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(config).toHaveReceivedCommandWith(DescribeConfigurationRecorderStatusCommand, { ConfigurationRecorderNames: ['default'] });
    expect(config.commandCalls(StartConfigurationRecorderCommand)[0]!.args[0].input).toStrictEqual({ ConfigurationRecorderName: 'default' });
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'config:StartConfigurationRecorder', region: 'eu-west-1', recorderName: 'default', requestId: REQUEST_ID, attempts: 2 } });
    expect(result.did).toBe('started AWS Config recorder default in eu-west-1 again; its settings and delivery channel were left as they were');
  });
});
