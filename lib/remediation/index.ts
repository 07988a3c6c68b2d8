import type { ActionId } from '../rule';
import type { ActionDefinition } from './action';
import { restartLogging } from './restart-logging';
import { restoreSgRule } from './restore-sg-rule';
import { revokeIngress } from './revoke-ingress';

/** Every remediation action, by id. A rule may only request actions listed here (checked by the registry test). */
export const ACTIONS: { readonly [K in ActionId]: ActionDefinition<any> } = {
  'revoke-ingress': revokeIngress,
  'restore-sg-rule': restoreSgRule,
  'restart-logging': restartLogging,
};

export type { ActionDefinition, RemediationPlan } from './action';
export { ActionParamsError } from './schema';
export { revokeIngress, type RevokeIngressParams, type RevokedPermission } from './revoke-ingress';
export { restoreSgRule, type RestoreSgRuleParams, type EditedRule } from './restore-sg-rule';
export { restartLogging, trailHomeRegion, type RestartLoggingParams } from './restart-logging';
