import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { DELIVERY_ROLE, existing, existingInLogGroup, LOG_GROUP, logGroupParams, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

const CREATED = 'fl-0aaaabbbbccccdddd';

describe('recreate-flow-logs to a CloudWatch Logs log group', () => {
  test('applied: created with the log group ARN (no `:*`) and the declared delivery role', async () => {
    // Prepare: the VPC's only flow log goes to S3, not to the declared log group.
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(VPC, 'ALL')] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: [CREATED], Unsuccessful: [] });

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), instantRetry());

    // Assess
    expect(ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input).toStrictEqual({
      ResourceIds: [VPC],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogDestination: LOG_GROUP,
      DeliverLogsPermissionArn: DELIVERY_ROLE,
    });
    expect(result).toMatchObject({ outcome: 'applied', detail: { created: [`${CREATED}: ${VPC} to ${LOG_GROUP} (ALL)`], attempts: 2 } });
    expect(result.undo).toContain(`--flow-log-ids ${CREATED}`);
  });

  test.each([
    ['by the log group ARN', existingInLogGroup({ LogGroupName: undefined })],
    ['by the log group name (created with LogGroupName)', existingInLogGroup({ LogDestination: undefined })],
  ])('already compliant: the declared flow log is in place, recognised %s', async (_how, flowLog) => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog] });

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', undo: '' });
  });

  test.each([
    ['another delivery role', { DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/attacker-role' }],
    ['a same-named group of another account', { LogDestination: 'arn:aws:logs:eu-west-1:210987654321:log-group:/vpc/flow-logs' }],
    ['another traffic type', { TrafficType: 'REJECT' as const }],
  ])('a flow log to the log group with %s is not the declared one: it is created', async (_what, overrides) => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existingInLogGroup(overrides)] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: [CREATED] });

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 1);
    expect(result.outcome).toBe('applied');
  });

  test('throttled once on each call: retried, applied', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ FlowLogIds: [CREATED] });
    const options = instantRetry();

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), options);

    // Assess
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 4 } });
  });

  test('access denied (the role may not pass the delivery role): failed at once, the command to create it by hand names the role', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), options);

    // Assess
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(denied);
    expect(result.did).toContain(
      `aws ec2 create-flow-logs --region eu-west-1 --resource-ids ${VPC} --resource-type VPC --traffic-type ALL --log-destination-type cloud-watch-logs --log-destination ${LOG_GROUP} --deliver-logs-permission-arn ${DELIVERY_ROLE}`,
    );
  });

  test('not found: the delivery role is refused for the resource (a missing role): failed, saying what to check', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({
      FlowLogIds: [],
      Unsuccessful: [{ ResourceId: VPC, Error: { Code: 'InvalidParameter', Message: 'Unable to assume given IAM role' } }],
    });

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain(`EC2 did not create ${VPC} to ${LOG_GROUP} (ALL): InvalidParameter (Unable to assume given IAM role)`);
    expect(result.error?.message).toContain(`check that ${DELIVERY_ROLE} exists, trusts vpc-flow-logs.amazonaws.com`);
  });

  test('not found: the VPC was deleted since: not-applicable, no error', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: [], Unsuccessful: [{ ResourceId: VPC, Error: { Code: 'InvalidVpcID.NotFound', Message: 'gone' } }] });

    // Act
    const result = await recreateFlowLogsApplier.apply(logGroupParams, createAwsClients(), instantRetry());

    // Assess
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { resourcesGone: [`${VPC} no longer exists (InvalidVpcID.NotFound)`] } });
  });
});
