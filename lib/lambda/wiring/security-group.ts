import { restoreSgRuleApplier } from '../../remediation/restore-sg-rule/apply';
import { revokeIngressApplier } from '../../remediation/revoke-ingress/apply';
import { remediatingWiring } from './remediating-wiring';

// restore-sg-rule also reads Config and CloudTrail, to learn what an edited rule was before the edit.
export const securityGroupWiring = remediatingWiring('security-group', [revokeIngressApplier, restoreSgRuleApplier]);
