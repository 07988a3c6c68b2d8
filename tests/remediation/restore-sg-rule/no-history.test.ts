import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { ec2Error, instantRetry } from '../support';
import {
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
  revokeInputs,
  theAuthorize,
  theEdit,
} from './world';

beforeEach(resetWorld);

describe('restore-sg-rule without usable history', () => {
  test('no Config item and no earlier CloudTrail event: the rule is revoked by id and the alert says what was lost', async () => {
    // Prepare: resetWorld has Config empty and CloudTrail holding only the edit.

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(modifyInputs()).toEqual([]);
    expect(revokeInputs()).toStrictEqual([{ GroupId: GROUP, SecurityGroupRuleIds: [RULE] }]);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({
      rules: [{
        securityGroupRuleId: RULE,
        result: 'revoked',
        call: 'ec2:RevokeSecurityGroupIngress',
        requestId: 'req-revoke',
        lost: "the rule's values before the edit (unknown)",
        configHistory: 'AWS Config holds no configuration item of the group from before the edit',
        cloudTrailHistory: 'no CloudTrail event in the last 90 days (1 read) set this rule',
      }],
    });
    expect(result.did).toContain(`revoked rule ${RULE} (tcp/22 from 0.0.0.0/0, description "temp") because its values before the edit could not be learned`);
    expect(result.did).toContain('LOST with it: the access the rule gave before the edit.');
    expect(result.did).toContain(
      `re-add the rule with the source it had: aws ec2 authorize-security-group-ingress --region ${REGION} --group-id ${GROUP} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=<previous CIDR>}]`,
    );
    // The undo re-adds exactly what was revoked, not the lost values.
    expect(result.undo).toBe(
      'If the edit was legitimate, add an exception for it, then redo it: ' +
        `aws ec2 authorize-security-group-ingress --region ${REGION} --group-id ${GROUP} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]`,
    );
  });

  test('the only earlier values are world-open too: revoked, never restored to another world-open value', async () => {
    // Prepare
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), theAuthorize('0.0.0.0/0')] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(modifyInputs()).toEqual([]);
    expect(result.detail).toMatchObject({ rules: [{ result: 'revoked', lost: "the rule's values before the edit: IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=0.0.0.0/0,Description=vpn" }] });
    expect(result.did).toContain('its values before the edit (tcp/22 from 0.0.0.0/0, according to CloudTrail) were open to the world too');
  });

  test('the previous values already exist as another rule: the edited rule is revoked and that access kept', async () => {
    // Prepare: someone re-added SSH from the office as a new rule after the edit.
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore({ cidrIp: '10.0.0.0/8' }))] });
    ec2Mock.on(ModifySecurityGroupRulesCommand).rejects(ec2Error('InvalidPermission.Duplicate'));

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(revokeInputs()).toStrictEqual([{ GroupId: GROUP, SecurityGroupRuleIds: [RULE] }]);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ rules: [{ result: 'revoked', restoredFrom: 'AWS Config', previous: 'IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=10.0.0.0/8' }] });
    expect(result.did).toContain('already exist as another rule of the group, so that access is kept');
  });
});
