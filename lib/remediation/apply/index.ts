import type { ActionId } from '../../rule';
import type { DeleteBackdoorRoleParams } from '../delete-backdoor-role';
import type { EnableEventRuleParams } from '../enable-event-rule';
import type { RestoreFunctionConcurrencyParams } from '../restore-function-concurrency';
import type { RestartLoggingParams } from '../restart-logging';
import type { RestoreSgRuleParams } from '../restore-sg-rule';
import type { RevokeIngressParams } from '../revoke-ingress';
import type { Applier, ErrorCodeTables } from './applier';
import { applyDeleteBackdoorRole, DELETE_BACKDOOR_ROLE_CODES } from './delete-backdoor-role';
import { applyEnableEventRule, ENABLE_EVENT_RULE_CODES } from './enable-event-rule';
import { applyRestartLogging, RESTART_LOGGING_CODES } from './restart-logging';
import { applyRestoreFunctionConcurrency, RESTORE_FUNCTION_CONCURRENCY_CODES } from './restore-function-concurrency';
import { applyRestoreSgRule, RESTORE_SG_RULE_CODES } from './restore-sg-rule';
import { applyRevokeIngress, REVOKE_INGRESS_CODES } from './revoke-ingress';

/**
 * The live half of each action in ACTIONS (lib/remediation), by the same id. Kept apart from the declarations so
 * that replay, which only plans, never loads the AWS SDK.
 */
export interface ApplierParams {
  'revoke-ingress': RevokeIngressParams;
  'restore-sg-rule': RestoreSgRuleParams;
  'restart-logging': RestartLoggingParams;
  'enable-event-rule': EnableEventRuleParams;
  'restore-function-concurrency': RestoreFunctionConcurrencyParams;
  'delete-backdoor-role': DeleteBackdoorRoleParams;
}

/** Appliers by action id; a function holds only those of its own actions (lib/lambda/wiring). */
export type Appliers = { readonly [K in ActionId]?: Applier<ApplierParams[K]> };

export const APPLIERS: { readonly [K in ActionId]: Applier<ApplierParams[K]> } = {
  'revoke-ingress': applyRevokeIngress,
  'restore-sg-rule': applyRestoreSgRule,
  'restart-logging': applyRestartLogging,
  'enable-event-rule': applyEnableEventRule,
  'restore-function-concurrency': applyRestoreFunctionConcurrency,
  'delete-backdoor-role': applyDeleteBackdoorRole,
};

const CODES: { readonly [K in ActionId]: ErrorCodeTables } = {
  'revoke-ingress': REVOKE_INGRESS_CODES,
  'restore-sg-rule': RESTORE_SG_RULE_CODES,
  'restart-logging': RESTART_LOGGING_CODES,
  'enable-event-rule': ENABLE_EVENT_RULE_CODES,
  'restore-function-concurrency': RESTORE_FUNCTION_CONCURRENCY_CODES,
  'delete-backdoor-role': DELETE_BACKDOOR_ROLE_CODES,
};

const pick = <T>(select: (tables: ErrorCodeTables) => T): { readonly [K in ActionId]: T } => ({
  'revoke-ingress': select(CODES['revoke-ingress']),
  'restore-sg-rule': select(CODES['restore-sg-rule']),
  'restart-logging': select(CODES['restart-logging']),
  'enable-event-rule': select(CODES['enable-event-rule']),
  'restore-function-concurrency': select(CODES['restore-function-concurrency']),
  'delete-backdoor-role': select(CODES['delete-backdoor-role']),
});

/** Per action: AWS error codes that mean the desired state already holds (counted as success). */
export const ALREADY_COMPLIANT_CODES = pick((tables) => tables.alreadyCompliant);
/** Per action: AWS error codes that mean the resource is gone, so there is nothing to do (counted as success). */
export const NOT_APPLICABLE_CODES = pick((tables) => tables.notApplicable);
/** Per action: failure codes that get a specific explanation in the alert; they remain failures. */
export const FAILURE_HINTS = pick((tables) => tables.failureHints);

export type { Applier, ApplyOptions, ErrorCodeTables } from './applier';
export { applyRestartLogging, RESTART_LOGGING_CODES } from './restart-logging';
export { applyRestoreSgRule, RESTORE_SG_RULE_CODES } from './restore-sg-rule';
export { applyRevokeIngress, REVOKE_INGRESS_CODES, toIpPermission } from './revoke-ingress';
export { applyEnableEventRule, deployedStateOf, ENABLE_EVENT_RULE_CODES } from './enable-event-rule';
export { applyRestoreFunctionConcurrency, RESTORE_FUNCTION_CONCURRENCY_CODES } from './restore-function-concurrency';
export { applyDeleteBackdoorRole, DELETE_BACKDOOR_ROLE_CODES } from './delete-backdoor-role';
