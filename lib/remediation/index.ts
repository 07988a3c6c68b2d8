import type { ActionId } from '../rule';
import type { ActionDefinition } from './action';
import { deleteBackdoorRole } from './delete-backdoor-role';
import { enableEventRule } from './enable-event-rule';
import { restartLogging } from './restart-logging';
import { restoreFunctionConcurrency } from './restore-function-concurrency';
import { restoreSgRule } from './restore-sg-rule';
import { revokeIngress } from './revoke-ingress';

/** Every remediation action, by id. A rule may only request actions listed here (checked by the registry test). */
export const ACTIONS: { readonly [K in ActionId]: ActionDefinition<any> } = {
  'revoke-ingress': revokeIngress,
  'restore-sg-rule': restoreSgRule,
  'restart-logging': restartLogging,
  'enable-event-rule': enableEventRule,
  'restore-function-concurrency': restoreFunctionConcurrency,
  'delete-backdoor-role': deleteBackdoorRole,
};

export type { ActionDefinition, RemediationPlan } from './action';
export { ActionParamsError } from './schema';
export { revokeIngress, type RevokeIngressParams, type RevokedPermission } from './revoke-ingress';
export { restoreSgRule, type RestoreSgRuleParams, type EditedRule } from './restore-sg-rule';
export { restartLogging, trailHomeRegion, type RestartLoggingParams } from './restart-logging';
export { enableEventRule, type EnableEventRuleParams } from './enable-event-rule';
export { restoreFunctionConcurrency, type RestoreFunctionConcurrencyParams } from './restore-function-concurrency';
export { deleteBackdoorRole, type DeleteBackdoorRoleParams } from './delete-backdoor-role';
