import type { ActionId, Category, Severity } from './rule';

/** Outcome of a remediation: `planned` in replay, the rest in Lambda (DESIGN.md "Finding"). */
export type RemediationStatus =
  | 'planned'
  // Replay with --stage: the stage would not run it (dry-run, staged rule, exception); `reason` says which.
  | 'not-planned'
  | 'applied'
  | 'already-compliant'
  | 'dry-run'
  | 'excepted'
  | 'failed'
  | 'not-applicable';

export interface FindingRemediation {
  readonly action: ActionId | 'none';
  readonly status: RemediationStatus;
  /** Why a remediation is not planned (replay). */
  readonly reason?: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** A finding exactly as DESIGN.md prints it (replay `--format ndjson`), field order included. */
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
}

/** A record or file that could not be used (DESIGN.md `invalid` line). */
export interface InvalidEntry {
  readonly type: 'invalid';
  readonly eventId?: string;
  readonly source: string;
  readonly reason: string;
}
