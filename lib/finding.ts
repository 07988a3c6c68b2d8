import type { LoweredSeverity } from './deployment-noise';
import type { ActionId } from './remediation';
import type { Category, Severity } from './rule';

/** Outcome of a remediation in Lambda (`planned` before it acts; see docs/replay-output.md). */
export type RemediationStatus =
  | 'planned'
  | 'applied'
  | 'already-compliant'
  | 'dry-run'
  | 'excepted'
  | 'failed'
  | 'not-applicable';

/**
 * What replay reports instead, besides `planned`: `none` for a rule that only alerts, `not-planned` for a
 * remediation the rule asked for that would not run (with a `reason`).
 */
export type ReplayStatus = 'none' | 'not-planned';

export interface FindingRemediation {
  readonly action: ActionId | 'none';
  readonly status: RemediationStatus | ReplayStatus;
  /** Why a remediation is `not-planned`: a staged rule, unusable parameters (and why), an exception, a dry-run stage. */
  readonly reason?: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A finding exactly as replay prints it (`--format ndjson`, docs/replay-output.md), field order included. */
export interface Finding {
  readonly type: 'finding';
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly account: string;
  readonly region: string;
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly actor: string;
  readonly sourceIp: string;
  readonly resources: readonly string[];
  readonly remediation: FindingRemediation;
  readonly summary: string;
  /** Only when a deployment principal made a routine change: the severity it had, who, and why it is LOW now. */
  readonly lowered?: LoweredSeverity;
}

/** A record or file that could not be used (the `invalid` line of docs/replay-output.md). */
export interface InvalidEntry {
  readonly type: 'invalid';
  readonly eventId?: string;
  readonly source: string;
  readonly reason: string;
}
