import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry } from '../support';
import {
  EVENT_TIME,
  GROUP,
  REGION,
  RULE,
  cloudTrailMock,
  configBefore,
  configItem,
  configMock,
  ec2Mock,
  modifyInputs,
  params,
  resetWorld,
  theAuthorize,
  theEdit,
  trailEvent,
} from './world';

beforeEach(resetWorld);

describe('restore-sg-rule restores from AWS Config', () => {
  test('SSH from 10.0.0.0/8 edited to 0.0.0.0/0 goes back to 10.0.0.0/8 with its description; nothing is revoked', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, { Filters: [{ Name: 'group-id', Values: [GROUP] }] });
    expect(configMock).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: GROUP,
      laterTime: new Date(EVENT_TIME),
      chronologicalOrder: 'Reverse',
      limit: 1,
    });
    expect(modifyInputs()).toStrictEqual([
      {
        GroupId: GROUP,
        SecurityGroupRules: [
          { SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8', Description: 'office' } },
        ],
      },
    ]);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    // CloudTrail is still read, to check that no event set the rule after Config's snapshot.
    expect(cloudTrailMock).toHaveReceivedCommand(LookupEventsCommand);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({
      region: REGION,
      groupId: GROUP,
      rules: [{
        securityGroupRuleId: RULE,
        result: 'restored',
        restoredFrom: 'AWS Config',
        previous: 'IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=10.0.0.0/8,Description=office',
        configItemCapturedAt: '2026-11-02T08:00:00.000Z',
        configHistory: 'used',
        requestId: 'req-modify',
      }],
    });
    expect(result.did).toBe(`restored rule ${RULE} from tcp/22 from 0.0.0.0/0 back to tcp/22 from 10.0.0.0/8, its values before the edit according to AWS Config`);
    expect(result.undo).toBe(
      'If the edit was legitimate, add an exception for it, then redo it: ' +
        `aws ec2 modify-security-group-rules --region ${REGION} --group-id ${GROUP} ` +
        `--security-group-rules 'SecurityGroupRuleId=${RULE},SecurityGroupRule={IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=0.0.0.0/0,Description=temp}'`,
    );
  });

  test('an older item behind empty seven-day pages is still found (Config spans seven days a call)', async () => {
    // Prepare
    configMock
      .on(GetResourceConfigHistoryCommand)
      .resolvesOnce({ configurationItems: [], nextToken: 'page-2' })
      .resolvesOnce({ configurationItems: [], nextToken: 'page-3' })
      .resolves({ configurationItems: [configItem(configBefore())] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(configMock).toHaveReceivedCommandTimes(GetResourceConfigHistoryCommand, 3);
    expect(configMock).toHaveReceivedNthCommandWith(3, GetResourceConfigHistoryCommand, { nextToken: 'page-3' });
    expect(result.outcome).toBe('applied');
    expect(modifyInputs()[0]?.SecurityGroupRules?.[0]?.SecurityGroupRule?.CidrIpv4).toBe('10.0.0.0/8');
  });

  test('a Config item that cannot single the rule out (a rule removed since) falls back to CloudTrail', async () => {
    // Prepare: then, two rules the group no longer has (SSH from the office and a removed 5432 rule).
    const before = JSON.parse(configBefore()) as { ipPermissions: unknown[] };
    before.ipPermissions.push({ fromPort: 5432, ipProtocol: 'tcp', toPort: 5432, ipv4Ranges: [{ cidrIp: '10.2.0.0/16' }], ipRanges: ['10.2.0.0/16'] });
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(JSON.stringify(before))] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommand(LookupEventsCommand);
    expect(modifyInputs()).toEqual([]);
    expect(result.detail).toMatchObject({ rules: [{ configHistory: expect.stringContaining('does not single the rule out (2 rules') }] });
  });
});

describe('restore-sg-rule distrusts a Config answer from after the edit', () => {
  test('an item captured after the event time (history not honoured) is not used: its values are the edit\'s own', async () => {
    // Prepare: a Config endpoint that ignores laterTime and returns the current state.
    const now = JSON.parse(configBefore({ cidrIp: '0.0.0.0/0' })) as object;
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(JSON.stringify(now), { configurationItemCaptureTime: new Date('2026-11-20T10:20:00Z') })] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(modifyInputs()).toEqual([]);
    expect(result.detail).toMatchObject({ rules: [{ configHistory: 'AWS Config answered with an item captured after the edit (2026-11-20T10:20:00.000Z)' }] });
  });

  test('all traffic restored from Config (which omits ports) is sent with -1/-1 ports', async () => {
    // Prepare
    const before = JSON.parse(configBefore()) as { ipPermissions: Record<string, unknown>[] };
    before.ipPermissions[0] = { ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }], ipRanges: ['10.0.0.0/8'], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] };
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(JSON.stringify(before))] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(modifyInputs()[0]?.SecurityGroupRules?.[0]?.SecurityGroupRule).toStrictEqual({ IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '10.0.0.0/8' });
  });
});

describe('restore-sg-rule distrusts a stale Config snapshot', () => {
  test('the rule was created after Config\'s item (and another rule removed): the CloudTrail event that set it wins', async () => {
    // Prepare: Config's item of 2 Nov still has SSH from the office, which was removed since; RULE was created on
    // 19 Nov as tcp/22 from 10.1.0.0/16 and then edited to the world. By elimination Config would name the office
    // rule: wrong rule.
    const { eventID: _id, eventTime: _time, ...authorize } = JSON.parse(theAuthorize().CloudTrailEvent) as Record<string, unknown>;
    const created = trailEvent('0a1b2c3d-4444-4a2b-9c3d-0123456789ab', 'AuthorizeSecurityGroupIngress', '2026-11-19T09:00:00Z', authorize);
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), created] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(modifyInputs()[0]?.SecurityGroupRules?.[0]?.SecurityGroupRule).toStrictEqual({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.1.0.0/16', Description: 'vpn' });
    expect(result.detail).toMatchObject({
      rules: [{
        restoredFrom: 'CloudTrail',
        configHistory: 'not used: a CloudTrail event set the rule after the configuration item was captured',
        cloudTrailHistory: 'used',
      }],
    });
  });

  test('an older CloudTrail event than Config\'s item does not override Config', async () => {
    // Prepare: the rule was created on 1 Oct (CloudTrail), Config captured it on 2 Nov.
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.detail).toMatchObject({ rules: [{ restoredFrom: 'AWS Config', cloudTrailHistory: "not used: AWS Config's item is more recent" }] });
  });
});
