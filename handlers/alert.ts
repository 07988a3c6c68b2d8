import { createHandler } from '../lib/lambda/create-handler';
import { alertWiring } from '../lib/lambda/wiring/alert';
import { RULES } from '../rules';

/** Alert-only rules: root, sign-in, unauthorized calls and CIS change monitoring. No remediation permissions. */
export const handler = createHandler(alertWiring, RULES);
