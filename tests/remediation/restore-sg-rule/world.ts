import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, GetResourceConfigHistoryCommand, type ConfigurationItem } from '@aws-sdk/client-config-service';
import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { restoreSgRule, type RestoreSgRuleParams } from '../../../lib/remediation';

// One security group as AWS would hold it after "SSH from 10.0.0.0/8 (office)" was edited to 0.0.0.0/0: the
// shapes are those of DescribeSecurityGroupRules, AWS Config's AWS::EC2::SecurityGroup configuration item and
// CloudTrail's LookupEvents, with redacted ids.

export const GROUP = 'sg-0123456789abcdef0';
export const RULE = 'sgr-0aaaaaaaaaaaaaaa1';
export const HTTPS_RULE = 'sgr-0aaaaaaaaaaaaaaa2';
export const EGRESS_RULE = 'sgr-0aaaaaaaaaaaaaaa3';
export const EVENT_ID = '6f1d0c4e-1111-4a2b-9c3d-0123456789ab';
export const EVENT_TIME = '2026-11-20T10:15:30Z';
export const REGION = 'eu-west-1';

export const ec2Mock = mockClient(EC2Client);
export const configMock = mockClient(ConfigServiceClient);
export const cloudTrailMock = mockClient(CloudTrailClient);

/** The params the rule builds from the edit (tcp/22 from 0.0.0.0/0 on RULE). */
export const params = (overrides: Partial<Record<keyof RestoreSgRuleParams, unknown>> = {}): RestoreSgRuleParams =>
  restoreSgRule.parse({
    groupId: GROUP,
    region: REGION,
    eventId: EVENT_ID,
    eventTime: EVENT_TIME,
    rules: [{ securityGroupRuleId: RULE, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', description: 'temp' }],
    ...overrides,
  });

export const ingressRule = (id: string, values: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  SecurityGroupRuleId: id,
  GroupId: GROUP,
  GroupOwnerId: '123456789012',
  IsEgress: false,
  SecurityGroupRuleArn: `arn:aws:ec2:${REGION}:123456789012:security-group-rule/${id}`,
  Tags: [],
  ...values,
});

/** The group now: the edited rule (as `edited`), a world-open HTTPS rule and the default egress rule. */
export const groupNow = (edited: Partial<SecurityGroupRule> = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: 'temp' }): SecurityGroupRule[] => [
  ingressRule(RULE, edited),
  ingressRule(HTTPS_RULE, { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0' }),
  { ...ingressRule(EGRESS_RULE, { IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' }), IsEgress: true },
];

/** AWS Config's configuration of the group before the edit: SSH from the office, HTTPS from the world. */
export const configBefore = (ssh: Record<string, unknown> = { cidrIp: '10.0.0.0/8', description: 'office' }): string =>
  JSON.stringify({
    description: 'web servers',
    groupName: 'web',
    ipPermissions: [
      { fromPort: 22, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 22, userIdGroupPairs: [], ipv4Ranges: [ssh], ipRanges: [ssh.cidrIp] },
      { fromPort: 443, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 443, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] },
    ],
    ownerId: '123456789012',
    groupId: GROUP,
    ipPermissionsEgress: [{ ipProtocol: '-1', ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }],
    tags: [],
    vpcId: 'vpc-0123456789abcdef0',
  });

export const configItem = (configuration: string, overrides: Partial<ConfigurationItem> = {}): ConfigurationItem => ({
  version: '1.3',
  accountId: '123456789012',
  configurationItemCaptureTime: new Date('2026-11-02T08:00:00Z'),
  configurationItemStatus: 'OK',
  configurationStateId: '1762070400000',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: GROUP,
  awsRegion: REGION,
  configuration,
  ...overrides,
});

/** A CloudTrail record as LookupEvents returns it (the record is a JSON string). */
export const trailEvent = (eventId: string, eventName: string, eventTime: string, record: Record<string, unknown>) => ({
  EventId: eventId,
  EventName: eventName,
  EventTime: new Date(eventTime),
  EventSource: 'ec2.amazonaws.com',
  Resources: [{ ResourceType: 'AWS::EC2::SecurityGroup', ResourceName: GROUP }],
  CloudTrailEvent: JSON.stringify({ eventVersion: '1.09', eventID: eventId, eventName, eventTime, eventSource: 'ec2.amazonaws.com', awsRegion: REGION, ...record }),
});

/** The edit itself, as LookupEvents lists it (it must never be taken for the previous values). */
export const theEdit = () =>
  trailEvent(EVENT_ID, 'ModifySecurityGroupRules', EVENT_TIME, {
    requestParameters: {
      ModifySecurityGroupRulesRequest: {
        GroupId: GROUP,
        SecurityGroupRule: { SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: 'temp' }, tag: 1 },
      },
    },
    responseElements: { ModifySecurityGroupRulesResponse: { return: true } },
  });

/** The AuthorizeSecurityGroupIngress that created RULE as tcp/22 from 10.1.0.0/16. */
export const theAuthorize = (cidr = '10.1.0.0/16') =>
  trailEvent('0a1b2c3d-2222-4a2b-9c3d-0123456789ab', 'AuthorizeSecurityGroupIngress', '2026-10-01T09:00:00Z', {
    requestParameters: { groupId: GROUP, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: cidr, description: 'vpn' }] } }] } },
    responseElements: {
      requestId: 'req-authorize',
      _return: true,
      securityGroupRuleSet: {
        items: [{ groupOwnerId: '123456789012', groupId: GROUP, securityGroupRuleId: RULE, isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: cidr, description: 'vpn' }],
      },
    },
  });

/** Resets every mock; by default the edit is in place, Config has no record and CloudTrail holds only the edit. */
export const resetWorld = (): void => {
  ec2Mock.reset();
  configMock.reset();
  cloudTrailMock.reset();
  ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: groupNow() });
  ec2Mock.on(ModifySecurityGroupRulesCommand).resolves({ Return: true, $metadata: { requestId: 'req-modify' } });
  ec2Mock.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, $metadata: { requestId: 'req-revoke' } });
  configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
  cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit()] });
};

export const modifyInputs = () => ec2Mock.commandCalls(ModifySecurityGroupRulesCommand).map((call) => call.args[0].input);
export const revokeInputs = () => ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input);
