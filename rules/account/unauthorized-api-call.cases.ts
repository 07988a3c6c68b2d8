import type { UserIdentity } from '../../lib/cloudtrail/record';
import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, apiCall, identities, responderPrincipal } from '../../tests/support/records';
import { cisIdentities } from '../../tests/support/service-records';

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
/** Not every service-linked role session carries invokedBy: the role's path is what says a service made the call. */
const withoutInvoker = (identity: UserIdentity): UserIdentity => {
  const copy = { ...identity };
  delete copy.invokedBy;
  return copy;
};
const notAuthorized = (action: string, resource: string) =>
  `User: ${ALICE} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

export default [
  {
    name: 'EC2 DescribeInstances denied (Client.UnauthorizedOperation, read-only)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/alice is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action',
      requestParameters: { instancesSet: {}, filterSet: {} },
    }),
    matches: true,
    findings: [{ category: 'unauthorized-api-call', severity: 'MEDIUM', resources: [], action: 'none' }],
  },
  {
    name: 'EC2 console write denied with the bare UnauthorizedOperation code (no Client. prefix)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventVersion: '1.08',
      userIdentity: identities.assumedRole('ReadOnly', 'alice'),
      userAgent: 'console.ec2.amazonaws.com',
      sourceIPAddress: '198.51.100.23',
      errorCode: 'UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation. Encoded authorization failure message: EXAMPLEencodedMessage',
      requestParameters: { groupId: 'sg-0a1b2c3d4e5f60718', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'IAM CreateUser denied (write to a sensitive service)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      errorCode: 'AccessDenied',
      errorMessage: notAuthorized('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/backdoor`),
      requestParameters: { userName: 'backdoor' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [`arn:aws:iam::${ACCOUNT}:user/backdoor`] }],
  },
  {
    name: 'KMS ScheduleKeyDeletion denied (AccessDeniedException)',
    record: apiCall({
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      errorCode: 'AccessDeniedException',
      errorMessage: notAuthorized('kms:ScheduleKeyDeletion', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
      requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`] }],
  },
  {
    name: 'CloudTrail StopLogging denied (a failed tampering attempt)',
    record: apiCall({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      errorCode: 'AccessDenied',
      errorMessage: notAuthorized('cloudtrail:StopLogging', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`),
      requestParameters: { name: 'management-events' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH' }],
  },
  {
    name: 'IAM ListUsers denied (read-only in a sensitive service stays MEDIUM)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListUsers',
      errorCode: 'AccessDenied',
      errorMessage: notAuthorized('iam:ListUsers', `arn:aws:iam::${ACCOUNT}:user/`),
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'S3 GetBucketPolicy denied',
    record: apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketPolicy',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'example-logs', Host: 'example-logs.s3.amazonaws.com', policy: '' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'STS AssumeRole denied by an assumed role',
    record: apiCall({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      userIdentity: identities.assumedRole('ci-runner', 'build-1234'),
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/ci-runner/build-1234 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/deploy`,
      requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/deploy', roleSessionName: 'build-1234' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['arn:aws:iam::444455556666:role/deploy'] }],
  },
  {
    name: 'denied in the older console (invokedBy signin.amazonaws.com is the person)',
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'TerminateInstances',
      userIdentity: { ...identities.iamUser(), invokedBy: 'signin.amazonaws.com' },
      userAgent: 'signin.amazonaws.com',
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-0a1b2c3d4e5f60718' }] } },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'CIS exclusion: denial from delivery.logs.amazonaws.com',
    record: apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketAcl',
      userIdentity: identities.assumedRole('log-delivery', 'delivery'),
      sourceIPAddress: 'delivery.logs.amazonaws.com',
      userAgent: 'delivery.logs.amazonaws.com',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'example-logs', Host: 'example-logs.s3.amazonaws.com', acl: '' },
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'CIS exclusion: HeadBucket denied',
    record: apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: 'HeadBucket',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'example-logs', Host: 'example-logs.s3.amazonaws.com' },
    }),
    matches: false,
  },
  {
    name: 'denial of a call an AWS service made for the principal',
    record: apiCall({
      eventSource: 'kms.amazonaws.com',
      eventName: 'Decrypt',
      userIdentity: { ...identities.assumedRole('app'), invokedBy: 'lambda.amazonaws.com' },
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      errorCode: 'AccessDenied',
      errorMessage: 'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
      readOnly: true,
    }),
    matches: false,
  },
  {
    name: 'a service-linked role session denied by a bucket policy (the service\'s own configuration problem)',
    record: apiCall({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketPolicyStatus',
      userIdentity: withoutInvoker(cisIdentities.serviceLinkedRole('access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer')),
      sourceIPAddress: 'access-analyzer.amazonaws.com',
      userAgent: 'access-analyzer.amazonaws.com',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      requestParameters: { bucketName: 'example-locked-bucket', Host: 'example-locked-bucket.s3.amazonaws.com', policyStatus: '' },
      readOnly: true,
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'stolen instance-profile credentials enumerating from outside (EC2 role session i-…)',
    record: apiCall({
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListUsers',
      userIdentity: {
        ...identities.assumedRole('web-instance-role', 'i-0a1b2c3d4e5f60718'),
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0002', arn: `arn:aws:iam::${ACCOUNT}:role/web-instance-role`, accountId: ACCOUNT, userName: 'web-instance-role' },
          webIdFederationData: {},
          attributes: { creationDate: '2026-11-02T06:00:00Z', mfaAuthenticated: 'false' },
          ec2RoleDelivery: '2.0',
        },
      },
      sourceIPAddress: '198.51.100.77',
      userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython',
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:sts::${ACCOUNT}:assumed-role/web-instance-role/i-0a1b2c3d4e5f60718 is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ because no identity-based policy allows the iam:ListUsers action`,
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [`arn:aws:iam::${ACCOUNT}:user/`] }],
  },
  {
    name: 'the responder\'s own denied call (loop guard)',
    context: { ownPrincipals: [responderPrincipal()] },
    record: apiCall({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RevokeSecurityGroupIngress',
      userIdentity: identities.responder(),
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
      requestParameters: { groupId: 'sg-0a1b2c3d4e5f60718', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'throttled EC2 call (Client.RequestLimitExceeded)',
    record: apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', errorCode: 'Client.RequestLimitExceeded', errorMessage: 'Request limit exceeded.' }),
    matches: false,
  },
  {
    name: 'throttled KMS call (ThrottlingException)',
    record: apiCall({ eventSource: 'kms.amazonaws.com', eventName: 'ListKeys', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }),
    matches: false,
  },
  {
    name: 'IAM GetUser for a missing user (NoSuchEntity)',
    record: apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'GetUser', errorCode: 'NoSuchEntity', errorMessage: 'The user with name bob cannot be found.', requestParameters: { userName: 'bob' } }),
    matches: false,
  },
  {
    name: 'successful call',
    record: apiCall({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
