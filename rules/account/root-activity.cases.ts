import type { UserIdentity } from '../../lib/cloudtrail/record';
import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, apiCall, consoleSignIn, identities } from '../../tests/support/records';
import { beforeEventType } from '../../tests/support/service-records';

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const root = identities.root(ACCOUNT, true);
const rootSignIn: UserIdentity = { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, accessKeyId: '' };
const CONSOLE = { sourceIPAddress: '198.51.100.23', userAgent: 'AWS Internal' };
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;

export default [
  {
    name: 'root lists instances (read-only call)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      userIdentity: root,
      requestParameters: { instancesSet: {}, filterSet: {} },
      ...CONSOLE,
    }),
    matches: true,
    findings: [{ category: 'root-activity', severity: 'HIGH', resources: [ROOT_ARN], action: 'none' }],
  },
  {
    name: 'root creates an IAM user',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      userIdentity: root,
      requestParameters: { userName: 'break-glass' },
      responseElements: { user: { path: '/', userName: 'break-glass', userId: 'AIDAEXAMPLEUSERID0002', arn: `arn:aws:iam::${ACCOUNT}:user/break-glass`, createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'root call denied by an SCP (still root in use; also an unauthorized call)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      userIdentity: root,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation. Encoded authorization failure message: EXAMPLE',
      requestParameters: { instancesSet: { items: [{ imageId: 'ami-0a1b2c3d4e5f60718', minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'root call that failed for another reason (NoSuchEntity)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetUser',
      userIdentity: root,
      errorCode: 'NoSuchEntity',
      errorMessage: 'The user with name deploy cannot be found.',
      requestParameters: { userName: 'deploy' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'root in the older console (invokedBy signin.amazonaws.com is the person, not a service)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateKeyPair',
      userIdentity: { ...root, invokedBy: 'signin.amazonaws.com' },
      sourceIPAddress: '198.51.100.23',
      userAgent: 'signin.amazonaws.com',
      requestParameters: { keyName: 'admin-key', keyType: 'rsa', keyFormat: 'pem' },
      responseElements: { requestId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', keyName: 'admin-key', keyFingerprint: '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f', keyPairId: 'key-0a1b2c3d4e5f60718', keyMaterial: '<sensitiveDataRemoved>' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'root stops the trail (also CloudTrail tampering)',
    record: apiCall({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      userIdentity: root,
      requestParameters: { name: TRAIL_ARN },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
    alsoFiredBy: ['cloudtrail.cloudtrail-tampering'],
  },
  {
    name: 'root creates an access key for itself (also root-access-key)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      ...CONSOLE,
      responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEROOTKEY01', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
    alsoFiredBy: ['iam.root-access-key'],
  },
  {
    name: 'root call in a China region whose identity carries no ARN (partition from the region)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      awsRegion: 'cn-northwest-1',
      userIdentity: { type: 'Root', principalId: ACCOUNT, accountId: ACCOUNT, accessKeyId: 'ASIAEXAMPLEROOTSESS2' },
      requestParameters: { instancesSet: {}, filterSet: {} },
      ...CONSOLE,
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [`arn:aws-cn:iam::${ACCOUNT}:root`] }],
  },
  {
    name: 'root console sign-in (root-login covers it)',
    record: consoleSignIn({ userIdentity: rootSignIn, mfaUsed: 'Yes' }),
    matches: false,
    alsoFiredBy: ['signin.root-login'],
  },
  {
    name: 'root console sign-in from 2014 history (no eventType: routed as a sign-in, root-login covers it)',
    record: beforeEventType(consoleSignIn({ userIdentity: { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT }, eventTime: '2014-11-20T16:02:51Z' })),
    matches: false,
    alsoFiredBy: ['signin.root-login'],
  },
  {
    name: 'root call from 2014 history (eventVersion 1.01, no readOnly): still root activity',
    record: beforeEventType(
      apiCall({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        eventTime: '2014-11-20T16:05:12Z',
        userIdentity: { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLEROOTKEY09' },
        userAgent: 'aws-cli/1.5.4 Python/2.7.6 Linux/3.13.0-36-generic',
        requestParameters: { userName: 'ops' },
        responseElements: { user: { path: '/', userName: 'ops', userId: 'AIDAEXAMPLEUSERID0009', arn: `arn:aws:iam::${ACCOUNT}:user/ops`, createDate: 'Nov 20, 2014 4:05:12 PM' } },
      }),
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'centralized root access: an AssumeRoot session in a member account deletes a bucket policy',
    record: apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketPolicy',
      userIdentity: {
        type: 'Root',
        principalId: ACCOUNT,
        arn: ROOT_ARN,
        accountId: ACCOUNT,
        accessKeyId: 'ASIAEXAMPLEROOTTASK1',
        sessionContext: { attributes: { creationDate: '2026-11-02T09:14:00Z', mfaAuthenticated: 'false' }, assumedRoot: 'true' },
        inScopeOf: {
          issuerAccountId: '111122223333',
          issuerType: 'AWS::Organizations::Account',
          credentialsIssuedTo: 'arn:aws:sts::111122223333:assumed-role/OrgRootAccess/alice',
        },
      },
      requestParameters: { bucketName: 'locked-out-bucket', Host: 'locked-out-bucket.s3.us-east-1.amazonaws.com', policy: '' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
    alsoFiredBy: ['s3.s3-bucket-policy-change'],
  },
  {
    name: 'root changes the root password in the console (signin PasswordUpdated, CIS 4.3 counts it)',
    record: consoleSignIn({ userIdentity: rootSignIn, eventName: 'PasswordUpdated', responseElements: { PasswordUpdated: 'Success' }, additionalEventData: undefined }),
    matches: true,
    findings: [{ category: 'root-activity', severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'root password change from 2014 history (no eventType: routed as a sign-in)',
    record: beforeEventType(consoleSignIn({ userIdentity: rootSignIn, eventName: 'PasswordUpdated', responseElements: { PasswordUpdated: 'Success' }, eventTime: '2014-11-20T16:09:40Z' })),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT_ARN] }],
  },
  {
    name: 'near miss: root password change that failed',
    record: consoleSignIn({ userIdentity: rootSignIn, eventName: 'PasswordUpdated', responseElements: { PasswordUpdated: 'Failure' }, errorMessage: 'Password does not conform to the account password policy.' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: an IAM user changes their own password (PasswordUpdated, not root)',
    record: consoleSignIn({ eventName: 'PasswordUpdated', responseElements: { PasswordUpdated: 'Success' } }),
    matches: false,
  },
  {
    name: 'failed root console sign-in (anyone can attempt one)',
    record: consoleSignIn({ userIdentity: rootSignIn, outcome: 'Failure' }),
    matches: false,
    alsoFiredBy: ['signin.console-login-failure'],
  },
  {
    name: 'root call invoked by an AWS service',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetAccountSummary',
      userIdentity: { ...root, invokedBy: 'AWS Internal' },
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
    }),
    matches: false,
  },
  {
    name: 'AwsServiceEvent under the root identity',
    record: apiCall({
      eventSource: 'health.amazonaws.com',
      eventName: 'ScheduledChange',
      eventType: 'AwsServiceEvent',
      userIdentity: { type: 'Root', principalId: ACCOUNT, accountId: ACCOUNT },
      sourceIPAddress: 'health.amazonaws.com',
      userAgent: 'health.amazonaws.com',
      readOnly: false,
    }),
    matches: false,
  },
  {
    name: 'IAM user lists instances',
    record: apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', requestParameters: { instancesSet: {}, filterSet: {} } }),
    matches: false,
  },
] satisfies readonly RuleCase[];
