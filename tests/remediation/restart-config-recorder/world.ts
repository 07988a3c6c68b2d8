import { ConfigServiceServiceException } from '@aws-sdk/client-config-service';
import { restartConfigRecorder } from '../../../lib/remediation';
import { REQUEST_ID } from '../support';

/** What config-change requests for StopConfigurationRecorder on the account's `default` recorder. */
export const params = restartConfigRecorder.parse({ recorderName: 'default', region: 'eu-west-1' });

/** An AWS Config error by code, built like the SDK's (Config's JSON protocol names it by its code). */
export const configError = (code: string, httpStatusCode = 400): ConfigServiceServiceException =>
  new ConfigServiceServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });
