import type { ActionId } from '../rule';

/** A JSON-able description of what an action will do: replay prints it, alerts explain it. */
export type RemediationPlan = Readonly<Record<string, unknown>>;

/**
 * A remediation action, Cloud Custodian style: it declares the IAM permissions it needs (the deployment grants
 * exactly those), reads its params through a closed schema, and splits a pure `plan` (what dry-run and replay
 * show) from the AWS `apply` (lib/remediation/apply, live only).
 */
export interface ActionDefinition<P> {
  readonly id: ActionId;
  readonly description: string;
  /** IAM actions `apply` calls; nothing else is granted to the function that runs it. */
  readonly permissions: readonly string[];
  /** Validates params against the closed schema; throws ActionParamsError naming the field. */
  readonly parse: (params: unknown) => P;
  /** Pure: what `apply` would call, with which arguments. */
  readonly plan: (params: P) => RemediationPlan;
  /** How a person re-applies what the action removed, if it was legitimate (goes into the alert). */
  readonly undo: (params: P) => string;
}

export const defineAction = <P>(action: ActionDefinition<P>): ActionDefinition<P> => action;

/**
 * What applying a remediation came to (the statuses that `apply` itself decides). `already-compliant`
 * and `not-applicable` are successes: AWS said the state is already what we wanted, or the resource is gone.
 */
export type ApplyOutcome = 'applied' | 'already-compliant' | 'not-applicable' | 'failed';

export interface ApplyResult {
  readonly outcome: ApplyOutcome;
  /** JSON-able facts for the alert and logs: the call made, AWS request id, error code, attempts. */
  readonly detail: Readonly<Record<string, unknown>>;
  /** Set when outcome is `failed`: the final error, with the AWS error as `cause`. */
  readonly error?: Error;
}
