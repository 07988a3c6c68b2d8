import { createHandler } from '../lib/lambda/create-handler';
import { securityGroupWiring } from '../lib/lambda/wiring/security-group';
import { RULES } from '../rules';

/** Security-group rules: alerts, and reverts world-open ingress (ec2:RevokeSecurityGroupIngress). */
export const handler = createHandler(securityGroupWiring, RULES);
