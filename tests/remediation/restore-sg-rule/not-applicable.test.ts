import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { ec2Error, instantRetry } from '../support';
import { HTTPS_RULE, RULE, configBefore, configItem, configMock, ec2Mock, groupNow, params, resetWorld } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule not applicable', () => {
  test('the rule is gone from the group: nothing to revert, nothing changed', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: groupNow().filter((rule) => rule.SecurityGroupRuleId !== RULE) });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.outcome).toBe('not-applicable');
    expect(result.detail).toMatchObject({ rules: [{ securityGroupRuleId: RULE, result: 'gone' }], reason: `rule ${RULE} no longer exists in sg-0123456789abcdef0: nothing to revert` });
  });

  test('the group is gone (EC2 lists no rule for its id): not applicable', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('not-applicable');
    expect(result.detail).toMatchObject({ reason: 'the security group no longer exists or has no rules left' });
  });

  test('the rule disappears between the read and the restore (InvalidSecurityGroupRuleId.NotFound): not applicable', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    ec2Mock.on(ModifySecurityGroupRulesCommand).rejects(ec2Error('InvalidSecurityGroupRuleId.NotFound'));

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('not-applicable');
    expect(result.detail).toMatchObject({ rules: [{ result: 'gone', errorCode: 'InvalidSecurityGroupRuleId.NotFound', previousFrom: 'AWS Config' }] });
  });

  test('only the HTTPS sibling stays untouched when two rules are edited and one is gone', async () => {
    // Prepare
    const two = params({
      rules: [
        { securityGroupRuleId: RULE, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
        { securityGroupRuleId: 'sgr-0ccccccccccccccc1', ipProtocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' },
      ],
    });
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });

    // Act
    const result = await restoreSgRuleApplier.apply(two, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ rules: [{ result: 'restored' }, { result: 'gone' }] });
    const touched = ec2Mock.commandCalls(ModifySecurityGroupRulesCommand).flatMap((call) => call.args[0].input.SecurityGroupRules ?? []);
    expect(touched.map((rule) => rule.SecurityGroupRuleId)).toEqual([RULE]);
    expect(touched.map((rule) => rule.SecurityGroupRuleId)).not.toContain(HTTPS_RULE);
  });
});
