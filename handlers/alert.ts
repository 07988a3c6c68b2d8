import { createHandler } from '../lib/lambda/create-handler';
import { RULES } from '../rules';

/** Alert-only rules: root, sign-in, unauthorized calls and CIS change monitoring. No remediation permissions. */
export const handler = createHandler('alert', RULES);
