import type { EventPattern } from '../lib/pattern';

/** Patterns of the kind teams write by hand, beside the rules' own: every operator, several services. */
export const EXTRA_PATTERNS: [string, EventPattern][] = [
  ['ec2-instance-changes', { source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['RunInstances', 'TerminateInstances', 'StopInstances', 'StartInstances'] } }],
  ['s3-deletes', { source: ['aws.s3'], detail: { eventName: [{ prefix: 'Delete' }] } }],
  ['iam-user-changes', { source: ['aws.iam'], detail: { eventName: [{ wildcard: '*User*' }], errorCode: [{ exists: false }] } }],
  ['non-corporate-ip', { detail: { sourceIPAddress: [{ 'anything-but': { prefix: '10.' } }], userIdentity: { type: ['IAMUser'] } } }],
  ['from-test-net', { detail: { sourceIPAddress: [{ cidr: '203.0.113.0/24' }, { cidr: '198.51.100.0/24' }] } }],
  ['kms-decrypt-failures', { source: ['aws.kms'], detail: { eventName: ['Decrypt'], errorCode: [{ exists: true }] } }],
  ['lambda-code-updates', { source: ['aws.lambda'], detail: { eventName: [{ prefix: 'UpdateFunctionCode' }] } }],
  ['sso-sessions', { detail: { userIdentity: { sessionContext: { sessionIssuer: { userName: [{ prefix: 'AWSReservedSSO_' }] } } } } }],
  ['console-without-mfa', { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { additionalEventData: { MFAUsed: [{ 'equals-ignore-case': 'no' }] } } }],
  ['cross-account-assume', { source: ['aws.sts'], detail: { eventName: ['AssumeRole'], $or: [{ userIdentity: { type: ['AWSAccount'] } }, { userIdentity: { accountId: [{ 'anything-but': ['123456789012'] }] } }] } }],
  ['big-ports', { detail: { requestParameters: { ipPermissions: { items: { fromPort: [{ numeric: ['>=', 1024] }] } } } } }],
  ['ecr-pulls', { source: ['aws.ecr'], detail: { eventName: ['GetAuthorizationToken', 'BatchGetImage', 'GetDownloadUrlForLayer'] } }],
];
