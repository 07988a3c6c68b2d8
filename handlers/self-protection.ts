import { createHandler } from '../lib/lambda/create-handler';
import { selfProtectionWiring } from '../lib/lambda/wiring/self-protection';
import { RULES } from '../rules';

/** Changes to trailguard's own resources: alerts, re-enables its rules, restores its functions, deletes squatting roles. */
export const handler = createHandler(selfProtectionWiring, RULES);
