import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry } from '../support';
import { RULE, configBefore, configItem, configMock, ec2Mock, groupNow, modifyInputs, params, resetWorld } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule when the edit wrote host bits (198.51.100.1/0)', () => {
  test('the rule EC2 shows as 0.0.0.0/0 is that edit, not a later one: it is restored', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: groupNow() });
    const edit = params({ rules: [{ securityGroupRuleId: RULE, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '198.51.100.1/0', description: 'temp' }] });

    // Act
    const result = await restoreSgRuleApplier.apply(edit, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(modifyInputs()).toMatchObject([
      { SecurityGroupRules: [{ SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } }] },
    ]);
  });
});
