import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { instantRetry } from '../support';
import { RULE, ec2Mock, groupNow, params, resetWorld } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule when the rule was edited again', () => {
  test('a later edit (now RDP to the world) is not clobbered: nothing changed, reported with the current values', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: groupNow({ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' }) });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(ec2Mock).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.outcome).toBe('not-applicable');
    expect(result.detail).toMatchObject({ rules: [{ result: 'edited-again', current: 'tcp/3389 from 0.0.0.0/0' }] });
    expect(result.did).toContain('was edited again after this event and is now tcp/3389 from 0.0.0.0/0, still open to the world: trailguard did not overwrite that later edit');
    expect(result.undo).toBe('');
  });
});
