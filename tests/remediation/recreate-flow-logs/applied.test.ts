import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { instantRetry } from '../support';
import { BUCKET, existing, params, SUBNET, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('recreate-flow-logs applied', () => {
  test('the VPC\'s declared flow log is missing: created again exactly as declared; the subnet\'s, still in place, is left', async () => {
    // Prepare: the VPC has a flow log, but to another bucket: not the declared one.
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(SUBNET, 'REJECT'), existing(VPC, 'ALL', 'arn:aws:s3:::someone-elses-bucket')] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'], Unsuccessful: [] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeFlowLogsCommand, { Filter: [{ Name: 'resource-id', Values: [VPC, SUBNET] }] });
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 1);
    expect(ec2.commandCalls(CreateFlowLogsCommand)[0]!.args[0].input).toStrictEqual({
      ResourceIds: [VPC],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: BUCKET,
    });
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { call: 'ec2:CreateFlowLogs', region: 'eu-west-1', deleted: ['fl-0123456789abcdef0'], created: [`fl-0aaaabbbbccccdddd: ${VPC} to ${BUCKET} (ALL)`], attempts: 2 },
    });
    expect(result.did).toBe(`created again flow log fl-0aaaabbbbccccdddd on ${VPC} to ${BUCKET} (ALL); already in place: ${SUBNET} to ${BUCKET} (REJECT)`);
    expect(result.undo).toContain('aws ec2 delete-flow-logs --region eu-west-1 --flow-log-ids fl-0aaaabbbbccccdddd');
  });
});
