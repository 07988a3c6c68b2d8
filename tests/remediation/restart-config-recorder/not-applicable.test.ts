import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  NoSuchConfigurationRecorderException,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restartConfigRecorderApplier } from '../../../lib/remediation/restart-config-recorder/apply';
import { instantRetry, metadata } from '../support';
import { params } from './world';

const config = mockClient(ConfigServiceClient);

beforeEach(() => config.reset());

describe('restart-config-recorder not found', () => {
  test('the recorder was deleted since: not possible, said so with what it takes to record again; nothing retried', async () => {
    // Prepare
    config.on(DescribeConfigurationRecorderStatusCommand).rejects(new NoSuchConfigurationRecorderException({ message: 'Cannot find configuration recorder (test)', $metadata: metadata() }));
    const options = instantRetry();

    // Act
    const result = await restartConfigRecorderApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(config).not.toHaveReceivedCommand(StartConfigurationRecorderCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: 'NoSuchConfigurationRecorderException', reason: 'the recorder no longer exists' }, undo: '' });
    expect(result.did).toBe(
      'could not restart AWS Config recorder default: it no longer exists, so recording stays off in eu-west-1 until a recorder is created again ' +
        '(aws configservice put-configuration-recorder, then aws configservice start-configuration-recorder --region eu-west-1 --configuration-recorder-name default)',
    );
  });
});
