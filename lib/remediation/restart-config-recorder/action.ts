import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';

// A recorder name as Config allows it (1-256 characters); it ends up in the alert's redo command, so no shell
// metacharacters pass. Service-linked recorders (AWSConfigurationRecorderFor…) cannot be stopped by a caller.
const RECORDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=-]{0,255}$/;

/** The recorder a StopConfigurationRecorder event named, and the region it records. */
export interface RestartConfigRecorderParams {
  readonly recorderName: string;
  readonly region: string;
}

export const restartConfigRecorder = defineAction<RestartConfigRecorderParams>({
  id: 'restart-config-recorder',
  description: 'Start an AWS Config recorder again after it was stopped',
  permissions: [
    // Read first: a recorder already recording is already compliant.
    { action: 'config:DescribeConfigurationRecorderStatus', resources: ['*'] },
    { action: 'config:StartConfigurationRecorder', resources: ['config:configuration-recorder'] },
  ],
  parse(params) {
    const reader = new ParamsReader('restart-config-recorder', params, ['recorderName', 'region']);
    return { recorderName: reader.string('recorderName', RECORDER_NAME), region: reader.string('region', REGION_NAME) };
  },
  plan(params) {
    return { call: 'config:StartConfigurationRecorder', region: params.region, recorderName: params.recorderName };
  },
  undo(params) {
    return `If the stop was intended, add an exception for it, then: aws configservice stop-configuration-recorder --region ${params.region} --configuration-recorder-name ${params.recorderName}`;
  },
});
