import { CreateFlowLogsCommand, DeleteFlowLogsCommand, DeleteVpcCommand, DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { intruder } from '../support/responder-records';
import { ec2Call } from '../support/service-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';
import { ACCOUNT } from './support/world';

/*
 * Issue 14 §2, run by the prod trail bundle under Node 22 against moto: a VPC's flow log to S3 is deleted. The
 * stage declares that flow log (flowLogs param), so the trail function creates it again exactly as declared, and
 * the alert names the new flow log and the command that deletes it. The same for a flow log to a CloudWatch Logs log
 * group, created again with its declared delivery role. moto checks neither iam:PassRole nor the role's trust
 * (tests/deploy/iam.test.ts checks the grant); it does require the role on a log-group flow log.
 */
const now = (): Partial<CloudTrailRecord> => ({ eventTime: `${new Date().toISOString().slice(0, 19)}Z` });
const BUCKET = 'live-flow-logs';

describeLive('live: VPC flow logs deleted', {}, (started) => {
  test('the declared flow log is created again with its destination and traffic type; one alert says so', async () => {
    // Prepare
    const live = started();
    const { ec2, s3 } = live.aws;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const vpcId = await live.createVpc('10.40.0.0/16');
    // No key prefix: moto reads everything after `:::` as the bucket name (prefixes are covered by the unit suites).
    const destination = `arn:aws:s3:::${BUCKET}`;
    const { FlowLogIds = [], Unsuccessful = [] } = await ec2.send(
      new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: destination }),
    );
    expect([FlowLogIds.length, Unsuccessful]).toEqual([1, []]);
    await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds }));
    const record = ec2Call(
      'DeleteFlowLogs',
      { DeleteFlowLogsRequest: { FlowLogId: { content: FlowLogIds[0], tag: 1 } } },
      { DeleteFlowLogsResponse: { unsuccessful: '' } },
      { ...intruder(), ...now() },
    );
    const flowLogs = JSON.stringify([{ resourceId: vpcId, destination, trafficType: 'REJECT' }]);
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2FlowLogsDeletedEventRule', record, { environment: { TRAILGUARD_FLOW_LOGS: flowLogs } });

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
    const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }));
    expect(FlowLogs.map((f) => [f.ResourceId, f.TrafficType, f.LogDestinationType, f.LogDestination])).toEqual([[vpcId, 'REJECT', 's3', destination]]);
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation]);
    expect(calls).toEqual([
      ['ec2', 'DescribeFlowLogs'],
      ['ec2', 'CreateFlowLogs'],
      ['sns', 'Publish'],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'HIGH' });
    expect(alerts[0]!.text).toContain(`created again flow log ${FlowLogs[0]!.FlowLogId} on ${vpcId} to ${destination} (REJECT)`);
    expect(alerts[0]!.text).toContain(`aws ec2 delete-flow-logs --region us-east-1 --flow-log-ids ${FlowLogs[0]!.FlowLogId}`);
  }, LIVE_TEST_TIMEOUT_MS);

  test('a declared flow log to a log group is created again with the log group ARN and its delivery role', async () => {
    // Prepare
    const live = started();
    const { ec2, iam } = live.aws;
    const vpcId = await live.createVpc('10.41.0.0/16');
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'live-flow-logs-delivery',
        Path: '/network/',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const roleArn = Role!.Arn!;
    const logGroup = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/live/vpc-flow-logs`;
    const { FlowLogIds = [] } = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpcId],
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogDestination: logGroup,
        DeliverLogsPermissionArn: roleArn,
      }),
    );
    expect(FlowLogIds).toHaveLength(1);
    await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds }));
    const record = ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: FlowLogIds[0], tag: 1 } } }, { DeleteFlowLogsResponse: { unsuccessful: '' } }, { ...intruder(), ...now() });
    // Declared as the console shows it (with `:*`), which trailguard drops.
    const flowLogs = JSON.stringify([{ resourceId: vpcId, destination: `${logGroup}:*`, deliverLogsRoleArn: roleArn }]);

    // Act
    const { deliveries } = await live.deliverVia('Ec2FlowLogsDeletedEventRule', record, { environment: { TRAILGUARD_FLOW_LOGS: flowLogs } });

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
    const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }));
    expect(FlowLogs.map((f) => [f.ResourceId, f.TrafficType, f.LogDestinationType, f.LogDestination, f.DeliverLogsPermissionArn])).toEqual([
      [vpcId, 'ALL', 'cloud-watch-logs', logGroup, roleArn],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', severity: 'HIGH' });
    expect(alerts[0]!.text).toContain(`created again flow log ${FlowLogs[0]!.FlowLogId} on ${vpcId} to ${logGroup} (ALL)`);

    // A second delivery of another deletion finds the flow log in place (matched by log group ARN and role): nothing is created.
    const again = ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0123456789abcdef0', tag: 1 } } }, { DeleteFlowLogsResponse: { unsuccessful: '' } }, { ...intruder(), ...now() });
    await live.deliverVia('Ec2FlowLogsDeletedEventRule', again, { environment: { TRAILGUARD_FLOW_LOGS: flowLogs } });
    const { FlowLogs: after = [] } = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }));
    expect(after).toHaveLength(1);
    const second = await live.alerts();
    expect(second.map((a) => a.attributes.outcome)).toEqual(['already-compliant']);
  }, LIVE_TEST_TIMEOUT_MS);

  test('a declared VPC deleted since fails its own CreateFlowLogs (InvalidVpcID.NotFound for the whole call); the entry after it is still created', async () => {
    // Prepare: two declared VPCs, the first deleted (with its flow log) before the event.
    const live = started();
    const { ec2, s3 } = live.aws;
    const bucket = 'live-flow-logs-gone';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const destination = `arn:aws:s3:::${bucket}`;
    const goneVpc = await live.createVpc('10.42.0.0/16');
    const vpcId = await live.createVpc('10.43.0.0/16');
    const { FlowLogIds = [] } = await ec2.send(
      new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: destination }),
    );
    await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds }));
    await ec2.send(new DeleteVpcCommand({ VpcId: goneVpc }));
    const record = ec2Call('DeleteFlowLogs', { DeleteFlowLogsRequest: { FlowLogId: { content: FlowLogIds[0], tag: 1 } } }, { DeleteFlowLogsResponse: { unsuccessful: '' } }, { ...intruder(), ...now() });
    const flowLogs = JSON.stringify([
      { resourceId: goneVpc, destination, trafficType: 'ALL' },
      { resourceId: vpcId, destination, trafficType: 'ALL' },
    ]);
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('Ec2FlowLogsDeletedEventRule', record, { environment: { TRAILGUARD_FLOW_LOGS: flowLogs } });

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
    const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [goneVpc, vpcId] }] }));
    expect(FlowLogs.map((f) => [f.ResourceId, f.TrafficType, f.LogDestination])).toEqual([[vpcId, 'ALL', destination]]);
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation]);
    expect(calls).toEqual([
      ['ec2', 'DescribeFlowLogs'],
      ['ec2', 'CreateFlowLogs'],
      ['ec2', 'CreateFlowLogs'],
      ['sns', 'Publish'],
    ]);
    const alerts = await live.alerts();
    expect(alerts.map((a) => a.attributes.outcome)).toEqual(['applied']);
    expect(alerts[0]!.text).toContain(`created again flow log ${FlowLogs[0]!.FlowLogId} on ${vpcId} to ${destination} (ALL)`);
    expect(alerts[0]!.text).toContain(`not recreated: ${goneVpc} no longer exists (InvalidVpcID.NotFound)`);
  }, LIVE_TEST_TIMEOUT_MS);
});
