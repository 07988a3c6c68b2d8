import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupRulesCommand, EC2Client, ModifySecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { groupIdFor, modifySecurityGroupRules, ruleIdFor } from '../support/ec2-records';
import { bodiesOf, busEvent, context, handlerFor, invoke, lambdaHarness } from './support';

// The security-group function end to end on a ModifySecurityGroupRules that widened SSH from 10.0.0.0/8 to the
// world: the rule is put back (not revoked), and the alert says to what, from which source, and how to redo it.
const { ec2, config, cloudtrail, sns } = lambdaHarness({ ec2: EC2Client, config: ConfigServiceClient, cloudtrail: CloudTrailClient, sns: SNSClient }, { reset: 'after' });

const GROUP = groupIdFor('web');
const RULE = ruleIdFor('web-ssh');
const record = modifySecurityGroupRules({ groupId: GROUP, updates: [{ ruleId: RULE, rule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' } }] });
const rule = (isEgress: boolean): SecurityGroupRule => ({
  SecurityGroupRuleId: RULE,
  GroupId: GROUP,
  IsEgress: isEgress,
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  CidrIpv4: '0.0.0.0/0',
});
const configuration = JSON.stringify({
  groupId: GROUP,
  ipPermissions: [{ fromPort: 22, ipProtocol: 'tcp', toPort: 22, ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }], ipRanges: ['10.0.0.0/8'], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] }],
  ipPermissionsEgress: [],
});

const run = async (isEgress: boolean) => {
  ec2.reset();
  config.reset();
  cloudtrail.reset();
  sns.reset();
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [rule(isEgress)] });
  ec2.on(ModifySecurityGroupRulesCommand).resolves({ Return: true });
  config.on(GetResourceConfigHistoryCommand).resolves({
    configurationItems: [{ configurationItemStatus: 'OK', configurationItemCaptureTime: new Date('2026-11-01T00:00:00Z'), configuration }],
  });
  cloudtrail.on(LookupEventsCommand).resolves({ Events: [] });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  const handler = handlerFor('security-group');
  const invocation = await invoke(handler, busEvent(record), context());
  const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
  return { invocation, input, email: bodiesOf(input.Message).email };
};

describe('security-group function on a ModifySecurityGroupRules edit, enforce stage', () => {
  test('restores the previous CIDR, revokes nothing, and the alert says what was restored, from where, and how to redo it', async () => {
    // Act
    const { invocation, input, email } = await run(false);

    // Assess
    expect(invocation.error).toBeUndefined();
    expect(ec2).toHaveReceivedCommandWith(ModifySecurityGroupRulesCommand, {
      GroupId: GROUP,
      SecurityGroupRules: [{ SecurityGroupRuleId: RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' } }],
    });
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    // The time comes from the outcome recorded before the alert (state table), so a retry tells the same.
    expect(email).toMatch(/Reverted at \d\d:\d\d:\d\dZ on \d{4}-\d\d-\d\d: trailguard /);
    expect(email).toContain(`: trailguard restored rule ${RULE} from tcp/22 from 0.0.0.0/0 back to tcp/22 from 10.0.0.0/8, its values before the edit according to AWS Config.`);
    expect(email).not.toContain('revoked exactly the world-open ingress rules');
    expect(email).toContain(
      `aws ec2 modify-security-group-rules --region ${record.awsRegion} --group-id ${GROUP} ` +
        `--security-group-rules 'SecurityGroupRuleId=${RULE},SecurityGroupRule={IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=0.0.0.0/0}'`,
    );
    expect(email).not.toContain('authorize-security-group-ingress');
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('applied');
  });

  test('an egress rule: nothing changed, and the alert says so instead of "already fixed"', async () => {
    // Act
    const { invocation, input, email } = await run(true);

    // Assess
    expect(invocation.error).toBeUndefined();
    expect(ec2).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(input.Subject).not.toContain('already fixed');
    expect(input.MessageAttributes?.outcome?.StringValue).toBe('not-applicable');
    expect(email).toContain(`Nothing to revert: rule ${RULE} is an outbound (egress) rule`);
    expect(email).toContain('Nothing to undo: trailguard changed nothing.');
    expect(email).not.toContain('Had it reverted the change');
  });
});
