import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import type { RestartConfigRecorderParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'restart-config-recorder';
const SERVICE_LINKED_PREFIX = 'AWSConfigurationRecorderFor';
const CALL = 'config:StartConfigurationRecorder';

/**
 * Sources: AWS Config API reference, DescribeConfigurationRecorderStatus and StartConfigurationRecorder (errors:
 * NoSuchConfigurationRecorderException, NoAvailableDeliveryChannelException, UnmodifiableEntityException), as
 * modelled in @aws-sdk/client-config-service.
 */
const RESTART_CONFIG_RECORDER_CODES: ErrorCodeTables = {
  // Starting a recorder that records succeeds, so "already recording" is read from its status first.
  alreadyCompliant: [],
  // The recorder was deleted after the stop (DeleteConfigurationRecorder raises its own finding): nothing to start.
  notApplicable: ['NoSuchConfigurationRecorderException'],
  failureHints: {
    NoAvailableDeliveryChannelException:
      'the recorder cannot start without a delivery channel, and the region has none (deleted?): recording is still off; ' +
      'create one (aws configservice put-delivery-channel), then start the recorder',
    AccessDeniedException:
      'the trail function\'s role may not start this recorder (IAM policy, SCP or permissions boundary); recording is still off',
    UnmodifiableEntityException: 'a service-linked recorder cannot be started by a caller (a trailguard bug to ask for it); recording is unchanged',
    // Config's model lists it for PutConfigurationRecorder; a recorder named with the reserved prefix is the service's.
    InvalidConfigurationRecorderNameException:
      `the name is not one a caller may use (the ${SERVICE_LINKED_PREFIX} prefix is reserved for service-linked recorders, which only their service starts and stops); recording is unchanged`,
  },
};

const startCommand = (params: RestartConfigRecorderParams): string =>
  `aws configservice start-configuration-recorder --region ${params.region} --configuration-recorder-name ${params.recorderName}`;

/** Starts the stopped recorder again; every other setting of the recorder and its delivery channel stays. */
const applyRestartConfigRecorder: Applier<RestartConfigRecorderParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, recorderName: params.recorderName };
  let attempts = 0;
  try {
    const config = clients.config(params.region);
    const status = await withRetry(
      () => config.send(new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [params.recorderName] })),
      options.retry,
    );
    attempts += status.attempts;
    if (status.result.ConfigurationRecordersStatus?.find((recorder) => recorder.name === params.recorderName)?.recording === true) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'config:DescribeConfigurationRecorderStatus', recording: true, attempts },
        did: `AWS Config recorder ${params.recorderName} is already recording again: nothing was started`,
        undo: '',
      };
    }
    const { result, attempts: tries } = await withRetry(
      () => config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: params.recorderName })),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, ...(requestId ? { requestId } : {}), attempts: attempts + tries },
      did: `started AWS Config recorder ${params.recorderName} in ${params.region} again; its settings and delivery channel were left as they were`,
    };
  } catch (error) {
    if (hasErrorCode(error, RESTART_CONFIG_RECORDER_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return {
        outcome: 'not-applicable',
        detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the recorder no longer exists' },
        did:
          `could not restart AWS Config recorder ${params.recorderName}: it no longer exists, so recording stays off in ${params.region} ` +
          `until a recorder is created again (aws configservice put-configuration-recorder, then ${startCommand(params)})`,
        undo: '',
      };
    }
    const failed = failedResult(ACTION, detail, error, RESTART_CONFIG_RECORDER_CODES.failureHints);
    if (hasErrorCode(error, ['NoAvailableDeliveryChannelException'])) {
      return { ...failed, did: `could not restart AWS Config recorder ${params.recorderName}: there is no delivery channel in ${params.region}; create one, then ${startCommand(params)}`, undo: '' };
    }
    if (hasErrorCode(error, ['InvalidConfigurationRecorderNameException'])) {
      return {
        ...failed,
        did:
          `could not restart AWS Config recorder ${params.recorderName}: Config refuses the name (${SERVICE_LINKED_PREFIX}… is reserved for service-linked recorders); ` +
          `a service-linked recorder is started by the service that owns it (aws configservice describe-configuration-recorders --region ${params.region} names its servicePrincipal), so check recording there`,
        undo: '',
      };
    }
    return failed;
  }
};

export const restartConfigRecorderApplier: ActionApplier<RestartConfigRecorderParams> = {
  id: 'restart-config-recorder',
  clients: { config: ConfigServiceClient },
  codes: RESTART_CONFIG_RECORDER_CODES,
  apply: applyRestartConfigRecorder,
};
