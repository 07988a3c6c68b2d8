import { GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupRulesCommand, ModifySecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { restoreSgRuleApplier } from '../../../lib/remediation/restore-sg-rule/apply';
import { cloudTrailError, ec2Error, instantRetry } from '../support';
import { cloudTrailMock, configBefore, configItem, configMock, ec2Mock, params, resetWorld, theAuthorize, theEdit } from './world';

beforeEach(resetWorld);

const accessDenied = (): Error =>
  Object.assign(new Error('User is not authorized to perform: config:GetResourceConfigHistory'), {
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-denied' },
  });

describe('restore-sg-rule failed', () => {
  test('the restore is denied (UnauthorizedOperation): failed, with the hint, what was learned, and no retry', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    configMock.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [configItem(configBefore())] });
    ec2Mock.on(ModifySecurityGroupRulesCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), options);

    // Assess
    expect(ec2Mock).toHaveReceivedCommandTimes(ModifySecurityGroupRulesCommand, 1);
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/^remediation restore-sg-rule failed: UnauthorizedOperation: .*still open/);
    expect(result.detail).toMatchObject({ rules: [{ result: 'failed', errorCode: 'UnauthorizedOperation', previous: 'IpProtocol=tcp,FromPort=22,ToPort=22,CidrIpv4=10.0.0.0/8,Description=office', previousFrom: 'AWS Config' }] });
  });

  test('reading the group is denied: failed before anything is changed', async () => {
    // Prepare
    ec2Mock.on(DescribeSecurityGroupRulesCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(ec2Mock).not.toHaveReceivedCommand(ModifySecurityGroupRulesCommand);
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatchObject({ call: 'ec2:DescribeSecurityGroupRules', errorCode: 'UnauthorizedOperation' });
  });

  test('AWS Config denied: not a failure, CloudTrail is asked next and the reason is kept', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).rejects(accessDenied());
    cloudTrailMock.on(LookupEventsCommand).resolves({ Events: [theEdit(), theAuthorize()] });

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({
      rules: [{ result: 'restored', restoredFrom: 'CloudTrail', configHistory: expect.stringMatching(/^AWS Config history could not be read \(AccessDeniedException: /) }],
    });
  });

  test('both histories unreadable (CloudTrail 500s past the retries): revoked, and the alert says why nothing was restored', async () => {
    // Prepare
    configMock.on(GetResourceConfigHistoryCommand).rejects(accessDenied());
    cloudTrailMock.on(LookupEventsCommand).rejects(cloudTrailError('InternalFailure', 500));

    // Act
    const result = await restoreSgRuleApplier.apply(params(), createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('applied');
    expect(result.detail).toMatchObject({ rules: [{ result: 'revoked', cloudTrailHistory: expect.stringMatching(/^CloudTrail event history could not be read \(InternalFailure/) }] });
    expect(result.did).toContain('AWS Config history could not be read (AccessDeniedException');
  });
});
