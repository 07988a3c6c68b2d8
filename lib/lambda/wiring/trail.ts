import { restartLoggingApplier } from '../../remediation/restart-logging/apply';
import { functionWiring } from './function-wiring';

export const trailWiring = functionWiring('trail', [restartLoggingApplier]);
