import { rootArnOf } from '../../lib/cloudtrail/fields';
import { signInPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, get, str, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft } from '../../lib/rule';

const classify = (record: CloudTrailRecord): FindingDraft | null => {
  // The pattern already requires all three; kept so replayed or hand-edited records are judged the same way.
  if (!succeeded(record) || record.userIdentity?.type !== 'Root') return null;
  if (str(get(record.responseElements, 'ConsoleLogin')) !== 'Success') return null;

  const account = accountOf(record);
  const mfaUsed = str(get(record.additionalEventData, 'MFAUsed'));
  const facts: Record<string, string> = {
    MFA: mfaUsed === 'Yes' ? 'used' : mfaUsed === 'No' ? 'NOT used' : 'not recorded',
  };
  const mfaDevice = str(get(record.additionalEventData, 'MFAIdentifier'));
  if (mfaDevice) facts['MFA device'] = mfaDevice;
  const loginTo = str(get(record.additionalEventData, 'LoginTo'));
  if (loginTo) facts['Signed in to'] = loginTo;

  return {
    // A root password alone opening the console means one leaked secret owns the account.
    severity: mfaUsed === 'No' ? 'CRITICAL' : 'HIGH',
    resources: [rootArnOf(record)],
    summary: `The root user of account ${account} signed in to the console${mfaUsed === 'No' ? ' without MFA' : ''}`,
    facts,
  };
};

export default defineRule({
  id: 'signin.root-login',
  title: 'Root user signed in to the console',
  description:
    'The root user can do anything in the account, including closing it and changing its contact details, and is ' +
    'not restricted by IAM policies. Day-to-day work should never need it.',
  category: 'root-login',
  severity: 'HIGH',
  status: 'active',
  pattern: signInPattern(['ConsoleLogin'], {
    userIdentity: { type: ['Root'] },
    responseElements: { ConsoleLogin: ['Success'] },
  }),
  classify,
  guidance:
    'Confirm with the account owner that the sign-in was theirs and why root was needed. If not: reset the root ' +
    'password, re-register its MFA device, delete any root access keys and review what root did after this sign-in.',
  // CIS AWS Foundations Benchmark v1.4.0 / v3.0.0 numbering (4.3 monitors root usage, sign-ins included).
  references: { cis: ['4.3'], securityHub: ['CloudWatch.1'], mitre: ['T1078.004'] },
});
