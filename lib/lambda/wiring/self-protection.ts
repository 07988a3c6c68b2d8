import { deactivateAccessKeyApplier } from '../../remediation/deactivate-access-key/apply';
import { deleteBackdoorRoleApplier } from '../../remediation/delete-backdoor-role/apply';
import { enableEventRuleApplier } from '../../remediation/enable-event-rule/apply';
import { removeFunctionPermissionApplier } from '../../remediation/remove-function-permission/apply';
import { restoreFunctionConcurrencyApplier } from '../../remediation/restore-function-concurrency/apply';
import { remediatingWiring } from './remediating-wiring';

export const selfProtectionWiring = remediatingWiring('self-protection', [
  enableEventRuleApplier,
  restoreFunctionConcurrencyApplier,
  deleteBackdoorRoleApplier,
  removeFunctionPermissionApplier,
  deactivateAccessKeyApplier,
]);
