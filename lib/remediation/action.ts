/** A JSON-able description of what an action will do: replay prints it, alerts explain it. */
export type RemediationPlan = Readonly<Record<string, unknown>>;

/**
 * AWS resource types a permission is granted on; lib/deploy.ts turns each into this account's ARN pattern
 * (`ec2:security-group` -> arn:<partition>:ec2:<region>:<account>:security-group/*).
 */
export type IamResourceType =
  | 'ec2:security-group'
  | 'ec2:security-group-rule'
  | 'cloudtrail:trail'
  /** AMIs in the stack's region (their ARNs carry no account; only the owner may change launch permissions). */
  | 'ec2:image'
  /** EBS snapshots in the stack's region (no account in the ARN either; only the owner may share them). */
  | 'ec2:snapshot'
  /** This account's RDS DB snapshots and DB cluster snapshots in the stack's region. */
  | 'rds:snapshot'
  | 'rds:cluster-snapshot'
  /** This account's Lambda functions in the stack's region (any version or alias). */
  | 'lambda:function'
  /** The stage's own EventBridge rules (`rule/trailguard-<stage>-*`, or on its central bus `rule/trailguard-<stage>/trailguard-<stage>-*`). */
  | 'events:responder-rule'
  /** The stage's own functions (`function:trailguard-<stage>-*` in the stack's region). */
  | 'lambda:responder-function'
  /** Roles named with the responder's prefix (`role/trailguard-*`, any path), never the stack's own (denied). */
  | 'iam:responder-named-role'
  /** This account's instance profiles (RemoveRoleFromInstanceProfile is authorised on the profile). */
  | 'iam:instance-profile'
  /** This account's KMS keys in any region (a multi-Region key's replicas and a key named by ARN may live elsewhere). */
  | 'kms:key'
  /** This account's AWS Config configuration recorders in the stack's region. */
  | 'config:configuration-recorder'
  /** This account's IAM users (any path). */
  | 'iam:user'
  /** What CreateFlowLogs is authorised on in the stack's region: VPCs, subnets, network interfaces and the new flow log. */
  | 'ec2:flow-log-target'
  | typeof ANY_RESOURCE;

/**
 * For read-only calls whose IAM actions support no resource-level permissions (the Service Authorization Reference
 * lists no resource type for them): IAM can grant them only on "*". The deployment refuses it for anything else,
 * but the few write actions lib/deploy.ts names (each with why).
 */
export const ANY_RESOURCE = '*';

/** One IAM action an action's `apply` calls, and the only resource types it may call it on. */
export interface IamPermission {
  readonly action: string;
  readonly resources: readonly IamResourceType[];
}

/**
 * A remediation action, Cloud Custodian style: it declares the IAM permissions it needs (the deployment grants
 * exactly those), reads its params through a closed schema, and splits a pure `plan` (what dry-run and replay
 * show) from the AWS `apply` (its folder's apply.ts, live only: replay never loads the SDK).
 */
export interface ActionDefinition<P, Id extends string = string> {
  /** The folder name under lib/remediation/ and the key of the ACTIONS registry (checked by a test). */
  readonly id: Id;
  readonly description: string;
  /** IAM actions `apply` calls, on which resource types; nothing else is granted to the function that runs it. */
  readonly permissions: readonly IamPermission[];
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
  /**
   * What the action did or found, in words, when only `apply` can know it (which values a rule was restored to,
   * and from which source); the alert says this instead of the action's generic wording.
   */
  readonly did?: string;
  /** How to undo what `apply` actually did, when that differs from the action's planned `undo` ('' when it changed nothing). */
  readonly undo?: string;
}
