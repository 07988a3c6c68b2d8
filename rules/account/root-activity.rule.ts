import { CONSOLE_INVOKER, fieldText, isConsoleSignIn, rootArnOf } from '../../lib/cloudtrail/fields';
import { API_CALL, CONSOLE_ACTION, SIGN_IN_DETAIL_TYPES } from '../../lib/cloudtrail/patterns';
import { accountOf, get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

/*
 * CIS 4.3's filter is `userIdentity.type = "Root" && userIdentity.invokedBy NOT EXISTS && eventType !=
 * "AwsServiceEvent"`. Decisions on top of it:
 * - Console sign-in events (eventType AwsConsoleSignIn: ConsoleLogin, CheckMfa, password recovery…) are out but
 *   one: a successful root password change (PasswordUpdated), which CIS 4.3's filter counts and which only someone
 *   signed in as root can make. The others are out,
 *   including those written before CloudTrail had `eventType` (eventVersion 1.0/1.01), which replay envelopes as
 *   API calls: for those the event source signin.amazonaws.com says what they are.
 *   A successful root sign-in is signin.root-login's finding, a failed one console-login-failure's (anyone who
 *   knows the root e-mail address can fail a sign-in or request a password reset, so those say nothing about root
 *   credentials being in use); every action root then takes in the console is an API call this rule sees.
 * - Failed API calls are in: an errorCode means the call was refused, not that root credentials were not used. A
 *   root call denied by an SCP is as much a sign of root in use as a successful one.
 * - Read-only calls are in (allManagementEvents): root browsing the account is still root usage.
 * - `invokedBy: signin.amazonaws.com` is the console acting for the signed-in person (older console records carry
 *   it on every call), not an AWS service acting on its own: counted, unlike every other invokedBy value.
 * - Centralized root access (sts:AssumeRoot from the management account) gives a Root session in a member account
 *   whose `inScopeOf.credentialsIssuedTo` names the principal that asked for it: counted like any root call, and
 *   the alert says who holds the session.
 */

/**
 * A root password change made while signed in (signin PasswordUpdated, eventType AwsConsoleSignIn): the one sign-in
 * record CIS 4.3's filter counts that says root credentials are in use. A recovery through the e-mail link is a
 * service event (PasswordRecoveryCompleted), not this.
 */
const isRootPasswordChange = (record: CloudTrailRecord): boolean =>
  record.eventName === 'PasswordUpdated' &&
  record.eventSource === 'signin.amazonaws.com' &&
  succeeded(record) &&
  str(get(record.responseElements, 'PasswordUpdated')) !== 'Failure';

const passwordChange = (record: CloudTrailRecord): FindingDraft => ({
  resources: [rootArnOf(record)],
  summary: `The root user of account ${accountOf(record)} changed the root password`,
  facts: { Call: 'signin:PasswordUpdated' },
});

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  const identity = record.userIdentity;
  if (identity?.type === 'Root' && isConsoleSignIn(record) && isRootPasswordChange(record)) return passwordChange(record);
  if (identity?.type !== 'Root' || record.eventType === 'AwsServiceEvent' || isConsoleSignIn(record)) return null;
  const invokedBy = str(identity.invokedBy);
  if (identity.invokedBy !== undefined && invokedBy !== CONSOLE_INVOKER) return null;

  const account = accountOf(record);
  const call = `${record.eventSource.replace(/\.amazonaws\.com$/, '')}:${record.eventName}`;
  const failed = !succeeded(record);
  const facts: Record<string, string> = { Call: call };
  if (failed) facts.Outcome = `failed (${str(record.errorCode) ?? 'error'})`;
  if (invokedBy) facts.Via = 'AWS Management Console';
  const accessKey = str(identity.accessKeyId);
  if (accessKey) facts['Access key'] = accessKey;
  const issuedTo = fieldText(get(identity, 'inScopeOf', 'credentialsIssuedTo'), 300);
  if (issuedTo) facts['Root session issued to'] = issuedTo;
  return {
    resources: [rootArnOf(record)],
    summary: `The root user of account ${account} ${failed ? 'tried to call' : 'called'} ${call}`,
    facts,
  };
};

export default defineRule({
  id: 'account.root-activity',
  title: 'Root user API activity',
  description:
    'The root user made an API call. Root credentials bypass IAM policies and should sit unused in a vault; any ' +
    'call made with them needs an owner and a reason.',
  category: 'root-activity',
  severity: 'HIGH',
  status: 'active',
  // No source filter: root activity matters in every service. Sign-in events have their own detail-type and are
  // left out here (see above); AwsServiceEvent records arrive as "AWS Service Event via CloudTrail".
  // A root password change is the one sign-in event in (a branch of its own, so no other sign-in is selected).
  pattern: {
    $or: [
      {
        'detail-type': [API_CALL, CONSOLE_ACTION],
        detail: {
          $or: [
            { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
            { userIdentity: { type: ['Root'], invokedBy: [CONSOLE_INVOKER] } },
          ],
        },
      },
      {
        'detail-type': SIGN_IN_DETAIL_TYPES,
        detail: { eventSource: ['signin.amazonaws.com'], eventName: ['PasswordUpdated'], userIdentity: { type: ['Root'] } },
      },
    ],
  },
  allManagementEvents: true,
  classify,
  guidance:
    'Ask the account owner what was done as root and why. If it was not them: reset the root password and MFA, ' +
    'delete root access keys, and review every call root made in the period.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering.
  references: { cis: ['4.3'], securityHub: ['CloudWatch.1'], mitre: ['T1078.004'] },
});
