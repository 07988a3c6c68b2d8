import type { ActionDefinition } from './action';
import { cancelKeyDeletion } from './cancel-key-deletion/action';
import { deactivateAccessKey } from './deactivate-access-key/action';
import { deleteBackdoorRole } from './delete-backdoor-role/action';
import { enableEventRule } from './enable-event-rule/action';
import { recreateFlowLogs } from './recreate-flow-logs/action';
import { removeFunctionPermission } from './remove-function-permission/action';
import { restartConfigRecorder } from './restart-config-recorder/action';
import { restartLogging } from './restart-logging/action';
import { restoreFunctionConcurrency } from './restore-function-concurrency/action';
import { restoreSgRule } from './restore-sg-rule/action';
import { revokeIngress } from './revoke-ingress/action';
import { unshareDbSnapshot } from './unshare-db-snapshot/action';
import { unshareImage } from './unshare-image/action';
import { unshareSnapshot } from './unshare-snapshot/action';

/**
 * Every remediation action, by id: one line per action, each the declaration in lib/remediation/<id>/action.ts
 * (its live half is lib/remediation/<id>/apply.ts). The action ids, the alarm's series and the conformance test
 * follow from this list; a rule may only request actions listed here. Declarations only: replay imports this, so
 * nothing here may load the AWS SDK.
 */
export const ACTIONS = {
  'revoke-ingress': revokeIngress,
  'restore-sg-rule': restoreSgRule,
  'restart-logging': restartLogging,
  'enable-event-rule': enableEventRule,
  'restore-function-concurrency': restoreFunctionConcurrency,
  'delete-backdoor-role': deleteBackdoorRole,
  'unshare-image': unshareImage,
  'unshare-snapshot': unshareSnapshot,
  'unshare-db-snapshot': unshareDbSnapshot,
  'remove-function-permission': removeFunctionPermission,
  'cancel-key-deletion': cancelKeyDeletion,
  'restart-config-recorder': restartConfigRecorder,
  'deactivate-access-key': deactivateAccessKey,
  'recreate-flow-logs': recreateFlowLogs,
} as const satisfies Readonly<Record<string, ActionDefinition<any>>>;

/** Remediation action ids (docs/replay-output.md); `none` is what a finding carries when nothing is done. */
export type ActionId = keyof typeof ACTIONS;
/** In registry order. */
export const ACTION_IDS = /* @__PURE__ */ Object.keys(ACTIONS) as readonly ActionId[];

/** The params an action's `parse` gives, by id. */
export type ActionParams<K extends ActionId> = ReturnType<(typeof ACTIONS)[K]['parse']>;

export type { ActionDefinition, RemediationPlan } from './action';
export { ActionParamsError, paramsFit } from './params-schema';
export { revokeIngress, type RevokeIngressParams, type RevokedPermission } from './revoke-ingress/action';
export { restoreSgRule, type RestoreSgRuleParams, type EditedRule } from './restore-sg-rule/action';
export { restartLogging, trailHomeRegion, type RestartLoggingParams } from './restart-logging/action';
export { enableEventRule, type EnableEventRuleParams } from './enable-event-rule/action';
export { restoreFunctionConcurrency, type RestoreFunctionConcurrencyParams } from './restore-function-concurrency/action';
export { deleteBackdoorRole, type DeleteBackdoorRoleParams } from './delete-backdoor-role/action';
export { unshareImage, type UnshareImageParams } from './unshare-image/action';
export { unshareSnapshot, type UnshareSnapshotParams } from './unshare-snapshot/action';
export { unshareDbSnapshot, type UnshareDbSnapshotParams } from './unshare-db-snapshot/action';
export { removeFunctionPermission, type RemoveFunctionPermissionParams } from './remove-function-permission/action';
export { CLOUDTRAIL_EVENT_ID, cancelKeyDeletion, KMS_KEY_ARN, type CancelKeyDeletionParams } from './cancel-key-deletion/action';
export { restartConfigRecorder, type RestartConfigRecorderParams } from './restart-config-recorder/action';
export { deactivateAccessKey, type DeactivateAccessKeyParams } from './deactivate-access-key/action';
export { recreateFlowLogs, type RecreateFlowLogsParams } from './recreate-flow-logs/action';
