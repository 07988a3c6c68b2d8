import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { cloudTrailError, ec2Error, instantRetry } from '../support';
import { cloudTrailMock, configBefore, configItem, configMock, ec2Mock, groupNow, params, resetWorld, theAuthorize, theEdit } from './world';

beforeEach(resetWorld);

describe('restore-sg-rule retries', () => {
  test('throttled reads and a throttled restore are retried, then it succeeds; attempts are counted', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ SecurityGroupRules: groupNow() });
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    ec2Mock.on(ModifySecurityGroupRulesCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ Return: true });
    const options = instantRetry();

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSecurityGroupRulesCommand, 2);
    expect(ec2Mock).toHaveReceivedCommandTimes(ModifySecurityGroupRulesCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ attempts: 4, rules: [{ result: 'restored' }] });
  });

  test('LookupEvents throttling (2 calls a second per account) is retried before CloudTrail is given up', async () => {
    // Prepare
    cloudTrailMock.on(LookupEventsCommand).rejectsOnce(cloudTrailError('ThrottlingException', 400)).resolves({ Events: [theEdit(), theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(cloudTrailMock).toHaveReceivedCommandTimes(LookupEventsCommand, 2);
    expect(result.detail).toMatchObject({ rules: [{ result: 'restored', restoredFrom: 'CloudTrail' }] });
  });
});
