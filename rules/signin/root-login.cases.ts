import type { UserIdentity } from '../../lib/cloudtrail/record';
import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, consoleSignIn } from '../../tests/support/records';
import { beforeEventType } from '../../tests/support/service-records';

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
    name: 'root sign-in from 2014 history (eventVersion 1.01: no eventType, replayed as an API call)',
    record: beforeEventType(
      consoleSignIn({
        userIdentity: { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT },
        eventTime: '2014-11-20T16:02:51Z',
        userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:33.0) Gecko/20100101 Firefox/33.0',
        additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MFAUsed: 'No' },
      }),
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [ROOT_ARN] }],
  },
  {
    name: 'root signs in to the China (Beijing) console: the resource keeps the aws-cn partition',
    record: consoleSignIn({
      userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws-cn:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '' },
      awsRegion: 'cn-north-1',
      additionalEventData: { LoginTo: 'https://console.amazonaws.cn/console/home?region=cn-north-1', MobileVersion: 'No', MFAUsed: 'Yes' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [`arn:aws-cn:iam::${ACCOUNT}:root`] }],
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
