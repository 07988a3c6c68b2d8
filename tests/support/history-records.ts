import { apiCall, consoleSignIn, identities } from './records';

/** Records the replay input tests share: a world-open SSH (CRITICAL, planned revert), a root sign-in, a read. */
export const worldOpenSsh = (eventID = '11111111-1111-4111-8111-111111111111', awsRegion = 'us-east-1') =>
  apiCall({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    eventID,
    awsRegion,
    eventTime: '2026-11-06T18:42:07Z',
    requestParameters: {
      groupId: 'sg-0123456789abcdef0',
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, groups: {}, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] }, ipv6Ranges: {}, prefixListIds: {} }] },
    },
    responseElements: {
      requestId: 'c0ffee00-0000-4000-8000-000000000001',
      _return: true,
      securityGroupRuleSet: { items: [{ groupOwnerId: '123456789012', groupId: 'sg-0123456789abcdef0', securityGroupRuleId: 'sgr-0aaaaaaaaaaaaaaa1', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] },
    },
  });

export const rootSignIn = (eventID = '33333333-3333-4333-8333-333333333333') => consoleSignIn({ eventID, userIdentity: identities.root() });

export const describeCall = (eventID = '22222222-2222-4222-8222-222222222222') =>
  apiCall({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', eventID });

/** A CloudTrail Insights record as CloudTrail writes it (no top-level eventSource or eventName). */
export const insightRecord = (eventID = '55555555-5555-4555-8555-555555555555') => ({
  eventVersion: '1.08',
  eventTime: '2026-11-06T18:00:00Z',
  awsRegion: 'us-east-1',
  eventID,
  eventType: 'AwsCloudTrailInsight',
  recipientAccountId: '123456789012',
  sharedEventID: '12345678-1234-4234-8234-123456789012',
  insightDetails: {
    state: 'Start',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    insightType: 'ApiCallRateInsight',
    insightContext: { statistics: { baseline: { average: 0.1 }, insight: { average: 5 } } },
  },
  eventCategory: 'Insight',
});
