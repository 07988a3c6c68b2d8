import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, apiCall, identities } from '../support/records';

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
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
    name: 'the responder\'s own denied call (loop guard)',
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
