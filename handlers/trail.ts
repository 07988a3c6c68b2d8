import { createHandler } from '../lib/lambda/create-handler';
import { RULES } from '../rules';

/** CloudTrail tampering: alerts, and restarts stopped logging (cloudtrail:StartLogging). */
export const handler = createHandler('trail', RULES);
