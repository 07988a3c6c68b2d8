import { restartLoggingApplier } from '../../remediation/restart-logging/apply';
import { remediatingWiring } from './remediating-wiring';

export const trailWiring = remediatingWiring('trail', [restartLoggingApplier]);
