import type { CloudTrailRecord } from '../cloudtrail/record';
import type { AppliedException } from '../exceptions';
import type { Finding } from '../finding';
import type { RuleDefinition } from '../rule';

/** One finding as the alert tells it, once the responder has decided (and maybe done) something. */
export interface AlertFinding {
  /** The finding with its final remediation status (applied, already-compliant, dry-run, excepted, failed…). */
  readonly finding: Finding;
  readonly rule: RuleDefinition;
  /** The rule's labelled facts for this finding (untrusted values). */
  readonly facts?: Readonly<Record<string, string>>;
  /** How to undo what trailguard did, or what would have been done (from the action's `undo`). */
  readonly undo?: string;
  readonly exception?: AppliedException;
  /** Why the remediation failed, when it did. */
  readonly error?: string;
  /** What the remediation did or found, in words, when the applier could say more than the action's wording. */
  readonly did?: string;
  /** When the remediation was applied (ISO 8601), as recorded in the state table before the alert went out. */
  readonly appliedAt?: string;
}

/**
 * Where a failing event stands among Lambda's attempts: its first failure (`retrying`), its last (`gave-up`, on
 * its way to the dead-letter queue), or a retry that succeeded after a failure was alerted (`recovered`).
 */
export interface AlertAttempt {
  readonly phase: 'retrying' | 'gave-up' | 'recovered';
  /** The failed attempt this alert reports (1-based); absent for `recovered` or when it could not be counted. */
  readonly number?: number;
  readonly of: number;
}

/** Everything one SNS publish says: all findings of one CloudTrail event. */
export interface AlertInput {
  readonly record: CloudTrailRecord;
  readonly findings: readonly AlertFinding[];
  /** Deployment stage (dev, prod…) and mode, so a reader knows whether anything could have been changed. */
  readonly stage: string;
  readonly mode: 'dry-run' | 'enforce';
  /** Set when the event failed, or recovered from a failure: which attempt this is. */
  readonly attempt?: AlertAttempt;
  /** The event account's name (accountNames param), shown beside its id; the SMS shows it instead of the id. */
  readonly accountName?: string;
  /** Central stages: events come from every region, so the SMS names the event's region beside the account. */
  readonly showRegion?: boolean;
}

/** The SNS Publish input trailguard sends (MessageStructure json). */
export interface RenderedAlert {
  /** ASCII, no line breaks, under 100 characters (SNS's rules for Subject). */
  readonly subject: string;
  /** JSON text with `default`, `email` and `sms` keys. */
  readonly message: string;
  readonly bodies: { readonly default: string; readonly email: string; readonly sms: string };
  /** SNS message attributes subscriptions filter on. */
  readonly attributes: Readonly<Record<string, { readonly DataType: 'String' | 'String.Array'; readonly StringValue: string }>>;
}
