import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry } from '../support';
import { RULE, cloudTrailMock, configMock, ec2Mock, groupNow, params, resetWorld } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule already compliant', () => {
  test('the rule is already back to a private source (a person, or a retry of this event): nothing is called but the read', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: groupNow({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8', Description: 'office' }) });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(configMock).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    expect(cloudTrailMock).not.toHaveReceivedCommand(LookupEventsCommand);
    expect(result).toStrictEqual({
      outcome: 'already-compliant',
      detail: {
        region: 'eu-west-1',
        groupId: 'sg-0123456789abcdef0',
        rules: [{ securityGroupRuleId: RULE, result: 'already-compliant', current: 'tcp/22 from 10.0.0.0/8' }],
        attempts: 1,
        reason: `rule ${RULE} no longer has the values the event set; it is now tcp/22 from 10.0.0.0/8`,
      },
      did: `rule ${RULE} no longer has the values the event set; it is now tcp/22 from 10.0.0.0/8`,
      undo: '',
    });
  });

  test('protocol written as a number in the event still matches the rule EC2 reports by name', async () => {
    // Prepare: the edit said IpProtocol "6"; DescribeSecurityGroupRules says "tcp".
    const numeric = params({ rules: [{ securityGroupRuleId: RULE, ipProtocol: '6', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] });

    // Act
    const result = await restoreSgRuleApplier.apply(numeric, createAwsClients(), instantRetry());

    // Assess: still the edit's values, so the revert goes ahead (here: no history, revoked).
    expect(result.outcome).toBe('applied');
    expect(ec2Mock).toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
  });
});
