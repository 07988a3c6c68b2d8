import type { RuleCase } from '../../lib/rule';
import type { UserIdentity } from '../../lib/cloudtrail/record';
import { ACCOUNT, consoleSignIn } from '../support/records';

/** The identity CloudTrail writes for a root console sign-in (no access key, no session yet). */
const rootSignIn: UserIdentity = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '' };
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const LOGIN_TO = 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_0123456789abcdef';

export default [
  {
    name: 'root signs in without MFA',
    record: consoleSignIn({ userIdentity: rootSignIn, mfaUsed: 'No' }),
    matches: true,
    findings: [{ category: 'root-login', severity: 'CRITICAL', resources: [ROOT_ARN], action: 'none' }],
  },
  {
    name: 'root signs in with MFA',
    record: consoleSignIn({
      userIdentity: rootSignIn,
      additionalEventData: { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAIdentifier: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, MFAUsed: 'Yes' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'root sign-in record without additionalEventData',
    record: consoleSignIn({ userIdentity: rootSignIn, additionalEventData: null }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'IAM user signs in with MFA',
    record: consoleSignIn({ mfaUsed: 'Yes' }),
    matches: false,
  },
  {
    name: 'failed root sign-in (console-login-failure covers it)',
    record: consoleSignIn({ userIdentity: rootSignIn, outcome: 'Failure' }),
    matches: false,
    alsoFiredBy: ['signin.console-login-failure'],
  },
  {
    name: 'root CheckMfa step of the sign-in flow',
    record: consoleSignIn({
      userIdentity: rootSignIn,
      eventName: 'CheckMfa',
      responseElements: { CheckMfa: 'Success' },
      additionalEventData: { MfaType: 'Virtual MFA' },
    }),
    matches: false,
  },
  {
    name: 'root password recovery request (anyone who knows the address can start it)',
    record: consoleSignIn({
      userIdentity: rootSignIn,
      eventName: 'PasswordRecoveryRequested',
      responseElements: { PasswordRecoveryRequested: 'Success' },
      additionalEventData: null,
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
