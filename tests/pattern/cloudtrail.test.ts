import { compilePattern, parsePattern } from '../../lib/pattern';

const openIngressPattern = parsePattern(`{
  "source": ["aws.ec2"],
  "detail-type": ["AWS API Call via CloudTrail"],
  "detail": {
    "eventName": ["AuthorizeSecurityGroupIngress"],
    "errorCode": [{"exists": false}],
    "requestParameters": {"ipPermissions": {"items": {"ipRanges": {"items": {"cidrIp": ["0.0.0.0/0"]}}}}}
  }
}`);

/** An EventBridge envelope around a CloudTrail record, as EventBridge delivers it. */
function authorizeIngressEvent(overrides: { cidrs?: string[][]; errorCode?: string; eventName?: string } = {}): unknown {
  const cidrs = overrides.cidrs ?? [['10.0.0.0/8'], ['0.0.0.0/0']];
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2024-05-02T18:43:48Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:alice',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
        accountId: '111122223333',
        sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2024-05-02T18:00:00Z' } },
      },
      eventTime: '2024-05-02T18:43:48Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: overrides.eventName ?? 'AuthorizeSecurityGroupIngress',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.15.0',
      ...(overrides.errorCode === undefined ? {} : { errorCode: overrides.errorCode, errorMessage: 'You are not authorized' }),
      requestParameters: {
        groupId: 'sg-0123456789abcdef0',
        ipPermissions: {
          items: cidrs.map((ranges, i) => ({
            ipProtocol: 'tcp',
            fromPort: 22 + i,
            toPort: 22 + i,
            groups: {},
            ipRanges: { items: ranges.map((cidrIp) => ({ cidrIp })) },
            ipv6Ranges: {},
            prefixListIds: {},
          })),
        },
      },
      responseElements: { requestId: 'f0e1d2c3', _return: true },
      requestID: 'f0e1d2c3',
      eventID: '9b2f8a1e-0000-4000-8000-000000000000',
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
    },
  };
}

describe('CloudTrail over EventBridge: security group opened to the world', () => {
  test.each([
    { name: 'a rule opening a port to 0.0.0.0/0 matches', event: authorizeIngressEvent(), expected: true },
    { name: 'the open range may be any item of any permission', event: authorizeIngressEvent({ cidrs: [['192.0.2.0/24', '0.0.0.0/0'], ['10.0.0.0/8']] }), expected: true },
    { name: 'only private ranges do not match', event: authorizeIngressEvent({ cidrs: [['10.0.0.0/8'], ['172.16.0.0/12']] }), expected: false },
    { name: 'a failed call (errorCode present) does not match', event: authorizeIngressEvent({ errorCode: 'Client.UnauthorizedOperation' }), expected: false },
    { name: 'another API call does not match', event: authorizeIngressEvent({ eventName: 'RevokeSecurityGroupIngress' }), expected: false },
    { name: 'a permission with no ranges does not match', event: authorizeIngressEvent({ cidrs: [[]] }), expected: false },
  ])('$name', ({ event, expected }) => {
    // Prepare
    const compiled = compilePattern(openIngressPattern);

    // Act
    const result = compiled.matches(event);

    // Assess
    expect(result).toBe(expected);
  });
});
