import { describeActor, fieldText, resourceList } from '../../lib/cloudtrail/fields';
import { signInPattern } from '../../lib/cloudtrail/patterns';
import { get, str } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

// Deployment: console sign-in events reach EventBridge in us-east-1 or in the region of the regional sign-in
// endpoint the user chose, so the deployment must cover us-east-1 and every region people sign in through (or
// forward those regions' events to the deployment region).

/**
 * CIS v1.4 4.2 / Security Hub CloudWatch.3, in the benchmark's reduced-noise form: a successful sign-in by an IAM
 * user whose `additionalEventData.MFAUsed` is not `Yes`. Root sign-ins are signin.root-login's; federated,
 * IAM Identity Center and switched-role sessions sign in as AssumedRole or FederatedUser and prove MFA (or not)
 * to their identity provider, which CloudTrail cannot see, so they are left out as the benchmark does.
 */
export default defineRule({
  id: 'signin.console-login-no-mfa',
  title: 'Console sign-in without MFA',
  description:
    'An IAM user signed in to the AWS console with a password alone: anyone who phished or guessed that password can do the same.',
  category: 'console-login-no-mfa',
  // MEDIUM: a policy gap that a stolen password turns into account access, but not itself a sign of compromise.
  severity: 'MEDIUM',
  status: 'active',
  pattern: signInPattern(['ConsoleLogin'], {
    userIdentity: { type: ['IAMUser'] },
    responseElements: { ConsoleLogin: ['Success'] },
    // The benchmark's `MFAUsed != "Yes"`: CloudTrail writes "No", and anything else it might write is no MFA either.
    additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
  }),
  classify: (record) => {
    if (record.eventName !== 'ConsoleLogin' || str(get(record, 'userIdentity', 'type')) !== 'IAMUser') return null;
    if (str(get(record.responseElements, 'ConsoleLogin')) !== 'Success') return null;
    // Same test as the pattern: present and anything but "Yes".
    const mfaUsed = get(record.additionalEventData, 'MFAUsed');
    if (mfaUsed === undefined || mfaUsed === 'Yes') return null;

    const arn = fieldText(get(record, 'userIdentity', 'arn'), 300);
    const userName = fieldText(get(record, 'userIdentity', 'userName'));
    const loginTo = fieldText(get(record.additionalEventData, 'LoginTo'), 200);
    return {
      resources: resourceList(arn ?? userName),
      summary: `${describeActor(record)} signed in to the AWS console without MFA`,
      facts: {
        'MFA used': fieldText(mfaUsed, 20) ?? 'not recorded',
        ...(loginTo ? { 'Signed in to': loginTo } : {}),
      },
    };
  },
  guidance:
    'Confirm the sign-in with the user. Assign an MFA device to the user (IAM > Users > Security credentials), ' +
    'or require MFA with a policy that denies everything unless aws:MultiFactorAuthPresent is true; prefer IAM ' +
    'Identity Center over IAM users for people.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.2 in v1.2.0).
  references: {
    cis: ['4.2'],
    securityHub: ['CloudWatch.3'],
    mitre: ['T1078.004'],
    stratus: ['aws.initial-access.console-login-without-mfa'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3'],
  },
});
