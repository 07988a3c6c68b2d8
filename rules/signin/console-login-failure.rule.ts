import { fieldText, resourceList, rootArnOf } from '../../lib/cloudtrail/fields';
import { signInPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, get, str, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

// Deployment: console sign-in events reach EventBridge in us-east-1 or in the region of the regional sign-in
// endpoint used, so the deployment must cover us-east-1 and every region people sign in through (or forward
// those regions' events to the deployment region).

/** AWS masks a user name that does not exist in the account, so the record cannot leak valid names. */
const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Who tried to sign in, as far as a failed attempt tells: failures carry no ARN for IAM users. */
const attemptedIdentity = (record: CloudTrailRecord): { resource: string; who: string; root: boolean } => {
  const account = accountOf(record);
  const type = str(get(record, 'userIdentity', 'type'));
  if (type === 'Root') return { resource: rootArnOf(record), who: `the root user of ${account}`, root: true };
  const arn = fieldText(get(record, 'userIdentity', 'arn'), 300);
  const userName = fieldText(get(record, 'userIdentity', 'userName'));
  if (userName === undefined || userName === HIDDEN_USER) {
    return { resource: arn ?? account, who: arn ?? `an unknown user name in ${account}`, root: false };
  }
  return { resource: arn ?? userName, who: arn ? `${userName} (${arn})` : `IAM user ${userName} in ${account}`, root: false };
};

/**
 * CIS v1.4 4.6 / Security Hub CloudWatch.6: a failed console sign-in, whatever the error message (the benchmark
 * matches only "Failed authentication", which misses unknown user names and other failures) and whatever the
 * identity (IAM user, unknown user, root).
 */
export default defineRule({
  id: 'signin.console-login-failure',
  title: 'Console sign-in failed',
  description:
    'A console sign-in attempt failed: one is a typo, a run of them is password guessing, and a failure for the ' +
    'root user means someone is trying the most powerful credential in the account.',
  category: 'console-login-failure',
  // LOW: single failures are routine; the alert stream and the Findings metric show bursts. Root failures are
  // MEDIUM (below): the attacker knows the account's root e-mail, and the root user is not bound by any policy.
  severity: 'LOW',
  status: 'active',
  pattern: signInPattern(['ConsoleLogin'], { responseElements: { ConsoleLogin: ['Failure'] } }),
  classify: (record) => {
    if (record.eventName !== 'ConsoleLogin') return null;
    if (str(get(record.responseElements, 'ConsoleLogin')) !== 'Failure') return null;

    const { resource, who, root } = attemptedIdentity(record);
    const reason = fieldText(record.errorMessage, 120) ?? 'no reason given';
    const mfaUsed = fieldText(get(record.additionalEventData, 'MFAUsed'), 20);
    return {
      ...(root ? { severity: 'MEDIUM' as const } : {}),
      resources: resourceList(resource),
      summary: `failed console sign-in as ${who} (${reason})`,
      facts: {
        Reason: reason,
        ...(mfaUsed ? { 'MFA used': mfaUsed } : {}),
      },
    };
  },
  guidance:
    'Look for more failures from the same source IP or against the same user. If they continue, block the ' +
    'source, reset the password and make sure MFA is on; for root, confirm who holds the root e-mail and MFA device.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.6 in v1.2.0).
  references: {
    cis: ['4.6'],
    securityHub: ['CloudWatch.6'],
    mitre: ['T1110.001', 'T1110.003'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6'],
  },
});
