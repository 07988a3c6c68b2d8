import { createHandler } from '../lib/lambda/create-handler';
import { trailWiring } from '../lib/lambda/wiring/trail';
import { RULES } from '../rules';

/** CloudTrail tampering: alerts, and restarts stopped logging (cloudtrail:StartLogging). */
export const handler = createHandler(trailWiring, RULES);
