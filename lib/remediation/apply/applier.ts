import type { AwsClients } from '../../aws/client-factory';
import { describeAwsError, normalizeErrorCode } from '../../aws/errors';
import type { RetryOptions } from '../../aws/retry';
import { RemediationError } from '../../errors';
import type { ApplyResult } from '../action';

export interface ApplyOptions {
  /** Retry policy for the AWS calls (tests inject `sleep`). */
  readonly retry?: RetryOptions;
}

/**
 * Carries out one action against AWS. Never throws: every failure comes back as `failed` with the AWS error as
 * the RemediationError's `cause`, so the caller always alerts and counts it.
 */
export type Applier<P> = (params: P, clients: AwsClients, options?: ApplyOptions) => Promise<ApplyResult>;

/** The error-code tables an applier decides by, exported as data so a registry test can check them. */
export interface ErrorCodeTables {
  /** Codes meaning the desired state already holds: success. */
  readonly alreadyCompliant: readonly string[];
  /** Codes meaning the resource no longer exists: success, nothing to do. */
  readonly notApplicable: readonly string[];
  /** Codes that stay failures but deserve a specific explanation in the alert. */
  readonly failureHints: Readonly<Record<string, string>>;
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
