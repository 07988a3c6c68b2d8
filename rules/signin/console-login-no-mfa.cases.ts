import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, consoleSignIn, identities } from '../../tests/support/records';
import { BROWSER_USER_AGENT, beforeEventType, cisIdentities } from '../../tests/support/service-records';

const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** A successful IAM-user sign-in as CloudTrail writes it: no access key, no session context. */
const aliceSignIn = { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0001', arn: ALICE_ARN, accountId: ACCOUNT, userName: 'alice' };

export default [
  {
    name: 'IAM user signs in with a password only',
    record: consoleSignIn({ userIdentity: aliceSignIn, userAgent: BROWSER_USER_AGENT }),
    matches: true,
    findings: [{ category: 'console-login-no-mfa', severity: 'MEDIUM', resources: [ALICE_ARN], action: 'none' }],
  },
  {
    name: 'IAM user signs in without MFA through a regional sign-in endpoint',
    record: consoleSignIn({
      userIdentity: aliceSignIn,
      awsRegion: 'eu-west-1',
      additionalEventData: {
        LoginTo: 'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1&state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ALICE_ARN] }],
  },
  {
    name: 'IAM user signs in from the mobile console without MFA',
    record: consoleSignIn({
      userIdentity: { ...aliceSignIn, arn: `arn:aws:iam::${ACCOUNT}:user/ops/bob`, userName: 'bob', principalId: 'AIDAEXAMPLEUSERID0002' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'Yes', MFAUsed: 'No' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [`arn:aws:iam::${ACCOUNT}:user/ops/bob`] }],
  },
  {
    name: 'sign-in from 2014 history (eventVersion 1.01: no eventType, replayed as an API call)',
    record: beforeEventType(
      consoleSignIn({
        userIdentity: { ...aliceSignIn, accessKeyId: '' },
        eventTime: '2014-09-15T08:11:02Z',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.124 Safari/537.36',
        additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/console/home', MFAUsed: 'No' },
      }),
    ),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ALICE_ARN] }],
  },
  {
    name: 'odd record: MFAUsed written as null is not MFA either',
    record: consoleSignIn({
      userIdentity: aliceSignIn,
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: null },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ALICE_ARN] }],
  },
  {
    name: 'near miss: sign-in record without MFAUsed says nothing about MFA',
    record: consoleSignIn({ userIdentity: aliceSignIn, additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home' } }),
    matches: false,
  },
  {
    name: 'near miss: IAM user signs in with MFA',
    record: consoleSignIn({ userIdentity: aliceSignIn, mfaUsed: 'Yes' }),
    matches: false,
  },
  {
    name: 'near miss: root signs in without MFA (signin.root-login reports it)',
    record: consoleSignIn({ userIdentity: cisIdentities.rootSignIn() }),
    matches: false,
    alsoFiredBy: ['signin.root-login'],
  },
  {
    name: 'near miss: IAM Identity Center user signs in (MFA is the identity source\'s business)',
    record: consoleSignIn({ userIdentity: cisIdentities.ssoUser('alice') }),
    matches: false,
  },
  {
    name: 'near miss: SAML-federated role session signs in',
    record: consoleSignIn({
      userIdentity: cisIdentities.samlSession(),
      additionalEventData: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'No',
        SamlProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`,
      },
    }),
    matches: false,
  },
  {
    name: 'near miss: federated user from an identity broker signs in',
    record: consoleSignIn({ userIdentity: cisIdentities.federatedUser() }),
    matches: false,
  },
  {
    name: 'near miss: IAM user fails to sign in without MFA (console-login-failure reports it)',
    record: consoleSignIn({ userIdentity: cisIdentities.failedIamUser('alice'), outcome: 'Failure' }),
    matches: false,
    alsoFiredBy: ['signin.console-login-failure'],
  },
  {
    name: 'near miss: switching role in the console is not a sign-in',
    record: consoleSignIn({
      eventName: 'SwitchRole',
      userIdentity: identities.assumedRole('Admin', 'alice'),
      responseElements: { SwitchRole: 'Success' },
      additionalEventData: {
        SwitchFrom: ALICE_ARN,
        RedirectTo: 'https://console.aws.amazon.com/console/home',
      },
    }),
    matches: false,
  },
  {
    name: 'near miss: the MFA check step of a sign-in',
    record: consoleSignIn({
      eventName: 'CheckMfa',
      userIdentity: cisIdentities.failedIamUser('alice'),
      responseElements: { CheckMfa: 'Success' },
      additionalEventData: { MfaType: 'Virtual MFA' },
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
