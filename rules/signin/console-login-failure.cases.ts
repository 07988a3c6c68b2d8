import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, consoleSignIn } from '../../tests/support/records';
import { BROWSER_USER_AGENT, beforeEventType, cisIdentities } from '../../tests/support/service-records';

const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;

export default [
  {
    name: 'IAM user enters a wrong password',
    record: consoleSignIn({ userIdentity: cisIdentities.failedIamUser('alice'), outcome: 'Failure', userAgent: BROWSER_USER_AGENT }),
    matches: true,
    findings: [{ category: 'console-login-failure', severity: 'LOW', resources: ['alice'], action: 'none' }],
  },
  {
    name: 'IAM user with MFA enters a wrong code',
    record: consoleSignIn({ userIdentity: cisIdentities.failedIamUser('alice'), outcome: 'Failure', mfaUsed: 'Yes' }),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['alice'] }],
  },
  {
    name: 'sign-in with a user name that does not exist (AWS hides the name)',
    record: consoleSignIn({
      userIdentity: cisIdentities.unknownIamUser(),
      outcome: 'Failure',
      errorMessage: 'No username found in supplied account',
    }),
    matches: true,
    findings: [{ severity: 'LOW', resources: [ACCOUNT] }],
  },
  {
    name: 'root sign-in fails (MEDIUM: someone holds the root e-mail)',
    record: consoleSignIn({ userIdentity: cisIdentities.rootSignIn(), outcome: 'Failure' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [`arn:aws:iam::${ACCOUNT}:root`] }],
  },
  {
    name: 'failed sign-in through a regional sign-in endpoint',
    record: consoleSignIn({
      userIdentity: cisIdentities.failedIamUser('alice'),
      outcome: 'Failure',
      awsRegion: 'ap-southeast-2',
      additionalEventData: {
        LoginTo: 'https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2&state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
    }),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['alice'] }],
  },
  {
    name: 'failed sign-in with an unfamiliar error message still counts',
    record: consoleSignIn({
      userIdentity: cisIdentities.failedIamUser('alice'),
      outcome: 'Failure',
      errorMessage: 'Your authentication information is incorrect. Please try again.',
    }),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['alice'] }],
  },
  {
    name: 'failed sign-in from 2014 history (eventVersion 1.01: no eventType, replayed as an API call)',
    record: beforeEventType(
      consoleSignIn({
        userIdentity: cisIdentities.failedIamUser('alice'),
        outcome: 'Failure',
        eventTime: '2014-07-08T17:35:27Z',
        userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:30.0) Gecko/20100101 Firefox/30.0',
        additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/sns', MFAUsed: 'No' },
      }),
    ),
    matches: true,
    findings: [{ severity: 'LOW', resources: ['alice'] }],
  },
  {
    name: 'failure record with no userIdentity at all',
    record: consoleSignIn({ userIdentity: undefined, outcome: 'Failure' }),
    matches: true,
    findings: [{ severity: 'LOW', resources: [ACCOUNT] }],
  },
  {
    name: 'near miss: successful IAM user sign-in without MFA (console-login-no-mfa reports it)',
    record: consoleSignIn({
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0001', arn: ALICE_ARN, accountId: ACCOUNT, userName: 'alice' },
    }),
    matches: false,
    alsoFiredBy: ['signin.console-login-no-mfa'],
  },
  {
    name: 'near miss: successful root sign-in (signin.root-login reports it)',
    record: consoleSignIn({ userIdentity: cisIdentities.rootSignIn(), mfaUsed: 'Yes' }),
    matches: false,
    alsoFiredBy: ['signin.root-login'],
  },
  {
    name: 'near miss: successful IAM user sign-in with MFA',
    record: consoleSignIn({
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0001', arn: ALICE_ARN, accountId: ACCOUNT, userName: 'alice' },
      mfaUsed: 'Yes',
    }),
    matches: false,
  },
  {
    name: 'near miss: a failed MFA check step is not the sign-in outcome',
    record: consoleSignIn({
      eventName: 'CheckMfa',
      userIdentity: cisIdentities.failedIamUser('alice'),
      responseElements: { CheckMfa: 'Failure' },
      additionalEventData: { MfaType: 'Virtual MFA' },
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
