import type { RemediationStatus } from '../finding';
import type { ActionId } from '../remediation';
import type { AlertFinding } from './types';

/** What trailguard did about one finding, as alerts and the `outcome` attribute name it. */
export type AlertOutcome = RemediationStatus | 'none';

/**
 * Most important first; an alert's `outcome` is the first of these any of its findings has.
 * - failed: the dangerous change is still there and the automation could not fix it; a person must act now.
 * - applied: trailguard changed the account; whoever made the change may need to know, or to undo it.
 * - dry-run / planned: the change is still live; only the mode kept trailguard from reverting it.
 * - excepted: still live, but accepted by a documented, owned, expiring exception.
 * - already-compliant: nothing left to do (someone, or a retry, already fixed it).
 * - not-applicable: nothing to revert (the resource is gone or the change no longer applies).
 * - none: the rule only alerts.
 */
export const OUTCOME_ORDER: readonly AlertOutcome[] = [
  'failed',
  'applied',
  'dry-run',
  'planned',
  'excepted',
  'already-compliant',
  'not-applicable',
  'none',
];

export const outcomeRank = (outcome: AlertOutcome): number => OUTCOME_ORDER.indexOf(outcome);

/**
 * The finding's outcome. A finding whose rule asked for nothing (action `none`) is `none` whatever status the
 * responder recorded for it (it records `not-applicable`), unless something failed.
 */
export const outcomeOf = (alert: AlertFinding): AlertOutcome => {
  const { action, status } = alert.finding.remediation;
  if (status === 'failed') return 'failed';
  // Replay's own statuses never reach an alert (the responder always records what it did); map them safely.
  if (action === 'none' || status === 'none') return 'none';
  return status === 'not-planned' ? 'planned' : status;
};

export const mostImportantOutcome = (alerts: readonly AlertFinding[]): AlertOutcome =>
  alerts.map(outcomeOf).reduce<AlertOutcome>((best, outcome) => (outcomeRank(outcome) < outcomeRank(best) ? outcome : best), 'none');

/** Short words for the SMS and the Subject. */
export const SHORT_OUTCOME: Readonly<Record<AlertOutcome, string>> = {
  failed: 'REVERT FAILED',
  applied: 'reverted',
  'dry-run': 'dry-run',
  planned: 'planned',
  excepted: 'excepted',
  'already-compliant': 'already fixed',
  'not-applicable': 'nothing to revert',
  none: 'alert only',
};

/** What each action does, for sentences: "Reverted: revoked …", "Would have revoked …". */
export const ACTION_WORDS: Readonly<Record<ActionId, { readonly done: string; readonly todo: string }>> = {
  'revoke-ingress': {
    done: 'revoked exactly the world-open ingress rules the event added',
    todo: 'revoke exactly the world-open ingress rules the event added',
  },
  'restore-sg-rule': {
    done: 'put the edited security-group rules back to their values before the edit',
    todo: 'put the edited security-group rules back to their values before the edit (from AWS Config or CloudTrail history), or revoke them if those values cannot be learned',
  },
  'restart-logging': {
    done: 'restarted logging on the trail',
    todo: 'restart logging on the trail',
  },
  'enable-event-rule': {
    done: 'turned the responder\'s EventBridge rule back on',
    todo: 'turn the responder\'s EventBridge rule back on',
  },
  'restore-function-concurrency': {
    done: 'removed the reserved concurrency of 0, so the responder function runs again',
    todo: 'remove the reserved concurrency of 0 so the responder function runs again',
  },
  'delete-backdoor-role': {
    done: 'deleted the role carrying the responder\'s name (its policies and instance profiles first)',
    todo: 'delete the role carrying the responder\'s name (its policies and instance profiles first)',
  },
  'unshare-image': {
    done: 'removed the launch permissions the event gave the AMI for other accounts or everyone',
    todo: 'remove the launch permissions the event gave the AMI for other accounts or everyone',
  },
  'unshare-snapshot': {
    done: 'removed the create-volume permissions the event gave the EBS snapshot for other accounts or everyone',
    todo: 'remove the create-volume permissions the event gave the EBS snapshot for other accounts or everyone',
  },
  'unshare-db-snapshot': {
    done: 'removed the accounts (or all) the event added to the RDS snapshot\'s restore attribute',
    todo: 'remove the accounts (or all) the event added to the RDS snapshot\'s restore attribute',
  },
  'remove-function-permission': {
    done: 'removed the statement the event added to the function\'s resource policy, by its id',
    todo: 'remove the statement the event added to the function\'s resource policy, by its id',
  },
  'cancel-key-deletion': {
    done: 'cancelled the key\'s scheduled deletion (and enabled it only if it was enabled before)',
    todo: 'cancel the key\'s scheduled deletion (and enable it only if it was enabled before)',
  },
  'restart-config-recorder': {
    done: 'started the stopped AWS Config recorder again',
    todo: 'start the stopped AWS Config recorder again',
  },
  'deactivate-access-key': {
    done: 'deactivated (not deleted) the access key the event created for another IAM user',
    todo: 'deactivate (not delete) the access key the event created for another IAM user',
  },
  'recreate-flow-logs': {
    done: 'created again the declared flow logs that were no longer in place',
    todo: 'create again the declared flow logs (flowLogs param) that are no longer in place',
  },
};

/** The headline's closing sentence, by outcome. */
export const HEADLINE_OUTCOME: Readonly<Record<AlertOutcome, string>> = {
  failed: 'Trailguard FAILED to revert it: act now.',
  applied: 'Trailguard reverted it.',
  'dry-run': 'Dry-run: nothing was changed.',
  planned: 'A revert is planned; nothing was changed yet.',
  excepted: 'An exception applies: nothing was changed.',
  'already-compliant': 'Already back in the desired state.',
  'not-applicable': 'Nothing left to revert.',
  none: 'Alert only: nothing was changed.',
};
