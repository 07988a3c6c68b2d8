import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand, ResourceNotDiscoveredException } from '@aws-sdk/client-config-service';
import { RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry, metadata } from '../support';
import {
  EVENT_TIME,
  GROUP,
  RULE,
  cloudTrailMock,
  configMock,
  ec2Mock,
  modifyInputs,
  params,
  resetWorld,
  theAuthorize,
  theEdit,
  trailEvent,
} from './world';

beforeEach(() => {
  resetWorld();
  configMock.on(GetResourceConfigHistoryCommand).rejects(new ResourceNotDiscoveredException({ message: 'Resource sg-0123456789abcdef0 of resourceType:AWS::EC2::SecurityGroup is unknown or has not been discovered', $metadata: metadata() }));
});

describe('restore-sg-rule restores from CloudTrail history', () => {
  test('Config does not record the group: the AuthorizeSecurityGroupIngress that created the rule gives its values', async () => {
    // Prepare: LookupEvents lists newest first; the edit itself comes first and must be skipped.
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandWith(LookupEventsCommand, {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: GROUP }],
      EndTime: new Date(Date.parse(EVENT_TIME) + 1000),
      MaxResults: 50,
    });
    expect(modifyInputs()).toStrictEqual([
      {
        GroupId: GROUP,
        SecurityGroupRules: [{ SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.1.0.0/16', Description: 'vpn' } }],
      },
    ]);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({
      rules: [{
        result: 'restored',
        restoredFrom: 'CloudTrail',
        sourceEventName: 'AuthorizeSecurityGroupIngress',
        sourceEventId: '0a1b2c3d-2222-4a2b-9c3d-0123456789ab',
        configHistory: 'AWS Config has not recorded this security group',
        cloudTrailHistory: 'used',
      }],
    });
    expect(result.did).toContain('back to tcp/22 from 10.1.0.0/16, its values before the edit according to CloudTrail');
  });

  test('the most recent earlier ModifySecurityGroupRules of the rule wins over the Authorize that created it', async () => {
    // Prepare: the rule was created as 10.1.0.0/16, then narrowed to 10.1.2.0/24 (list form of the request).
    const narrowed = trailEvent('0a1b2c3d-3333-4a2b-9c3d-0123456789ab', 'ModifySecurityGroupRules', '2026-11-10T12:00:00Z', {
      requestParameters: {
        ModifySecurityGroupRulesRequest: {
          GroupId: GROUP,
          SecurityGroupRule: [
            { SecurityGroupRuleId: 'sgr-0bbbbbbbbbbbbbbb1', SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv4: '10.9.0.0/16' }, tag: 1 },
            { SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.1.2.0/24' }, tag: 2 },
          ],
        },
      },
      responseElements: { ModifySecurityGroupRulesResponse: { return: true } },
    });
    cloudTrailMock
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [theEdit()], NextToken: 'more' })
      .resolves({ Events: [narrowed, theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedNthCommandWith(2, LookupEventsCommand, { NextToken: 'more' });
    expect(modifyInputs()[0]?.SecurityGroupRules).toStrictEqual([
      { SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.1.2.0/24' } },
    ]);
    expect(result.detail).toMatchObject({ rules: [{ sourceEventName: 'ModifySecurityGroupRules', sourceEventId: '0a1b2c3d-3333-4a2b-9c3d-0123456789ab' }] });
  });
});
