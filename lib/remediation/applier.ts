import type { AwsClientClasses, AwsClients } from '../aws/client-factory';
import { describeAwsError, normalizeErrorCode } from '../aws/errors';
import type { RetryOptions } from '../aws/retry';
import { RemediationError } from '../errors';
import type { ApplyResult } from './action';
import type { ActionId, ActionParams } from './index';

export interface ApplyOptions {
  /** Retry policy for the AWS calls (tests inject `sleep`). */
  readonly retry?: RetryOptions;
  /**
   * Ids of the rules deployed in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: the function's own catalogue
   * gives them (lib/lambda/create-handler.ts), so lib/ never reaches into rules/. Default: none.
   */
  readonly allManagementEventRules?: ReadonlySet<string>;
}

/**
 * Carries out one action against AWS. Never throws: every failure comes back as `failed` with the AWS error as
 * the RemediationError's `cause`, so the caller always alerts and counts it.
 */
export type Applier<P> = (params: P, clients: AwsClients, options?: ApplyOptions) => Promise<ApplyResult>;

/** Appliers by action id; a function holds only those of its own actions (lib/lambda/wiring). */
export type Appliers = { readonly [K in ActionId]?: Applier<ActionParams<K>> };

/** The error-code tables an applier decides by, exported as data so a registry test can check them. */
export interface ErrorCodeTables {
  /** Codes meaning the desired state already holds: success. */
  readonly alreadyCompliant: readonly string[];
  /** Codes meaning the resource no longer exists: success, nothing to do. */
  readonly notApplicable: readonly string[];
  /** Codes that stay failures but deserve a specific explanation in the alert. */
  readonly failureHints: Readonly<Record<string, string>>;
}

/**
 * The live half of one action, beside its declaration in the action's folder: the SDK clients it calls, the
 * error-code tables it decides by, and `apply`. A function's wiring (lib/lambda/wiring) lists the appliers of its
 * actions; its SDK clients follow from them, so esbuild bundles nothing else into that function.
 */
export interface ActionApplier<P> {
  /** The id of the declaration it applies (ACTIONS in lib/remediation). */
  readonly id: string;
  /** Every SDK client `apply` calls (the alert and state-table clients come with every function). */
  readonly clients: AwsClientClasses;
  readonly codes: ErrorCodeTables;
  readonly apply: Applier<P>;
}

export const failedResult = (
  action: string,
  detail: Readonly<Record<string, unknown>>,
  error: unknown,
  hints: Readonly<Record<string, string>>,
): ApplyResult => {
  const facts = describeAwsError(error);
  const hint = hints[normalizeErrorCode(facts.errorCode)];
  const tries = facts.attempts && facts.attempts > 1 ? ` after ${facts.attempts} attempts` : '';
  const reason = `${facts.errorCode}${tries}: ${hint ?? facts.errorMessage}`;
  return {
    outcome: 'failed',
    detail: { ...detail, ...facts, ...(hint ? { hint } : {}) },
    error: new RemediationError(action, reason, { cause: error }),
  };
};
