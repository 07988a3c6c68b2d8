import { cancelKeyDeletionApplier } from '../../remediation/cancel-key-deletion/apply';
import { recreateFlowLogsApplier } from '../../remediation/recreate-flow-logs/apply';
import { restartConfigRecorderApplier } from '../../remediation/restart-config-recorder/apply';
import { restartLoggingApplier } from '../../remediation/restart-logging/apply';
import { functionWiring } from './function-wiring';

export const trailWiring = functionWiring('trail', [restartLoggingApplier, cancelKeyDeletionApplier, restartConfigRecorderApplier, recreateFlowLogsApplier]);
