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
