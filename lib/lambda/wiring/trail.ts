import { cancelKeyDeletionApplier } from '../../remediation/cancel-key-deletion/apply';
import { restartLoggingApplier } from '../../remediation/restart-logging/apply';
import { functionWiring } from './function-wiring';

export const trailWiring = functionWiring('trail', [restartLoggingApplier, cancelKeyDeletionApplier]);
