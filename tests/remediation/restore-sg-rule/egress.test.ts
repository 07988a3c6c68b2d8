import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry } from '../support';
import { RULE, ec2Mock, groupNow, params, resetWorld } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule on an egress rule', () => {
  test('an outbound rule edited to 0.0.0.0/0 is left alone and reported as not an ingress exposure', async () => {
    // Prepare: the edited rule is egress (ModifySecurityGroupRules edits both directions and does not say which).
    const rules = groupNow();
    rules[0] = { ...rules[0]!, IsEgress: true };
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.outcome).toBe('not-applicable');
    expect(result.detail).toMatchObject({ rules: [{ securityGroupRuleId: RULE, result: 'egress', direction: 'egress' }] });
    expect(result.did).toBe(
      `rule ${RULE} is an outbound (egress) rule: the edit lets the group's instances connect out on tcp/22 to 0.0.0.0/0; it opens nothing to connections from the internet, so it is not a world-open ingress rule`,
    );
  });
});
