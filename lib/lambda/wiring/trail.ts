import { cancelKeyDeletionApplier } from '../../remediation/cancel-key-deletion/apply';
import { recreateFlowLogsApplier } from '../../remediation/recreate-flow-logs/apply';
import { restartConfigRecorderApplier } from '../../remediation/restart-config-recorder/apply';
import { restartLoggingApplier } from '../../remediation/restart-logging/apply';
import { remediatingWiring } from './remediating-wiring';

export const trailWiring = remediatingWiring('trail', [restartLoggingApplier, cancelKeyDeletionApplier, restartConfigRecorderApplier, recreateFlowLogsApplier]);
