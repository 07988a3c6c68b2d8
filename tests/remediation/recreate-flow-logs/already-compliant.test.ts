import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { instantRetry } from '../support';
import { existing, params, SUBNET, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('recreate-flow-logs already compliant', () => {
  test('every declared flow log is in place (the deleted one was another): nothing is created', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(VPC, 'ALL'), existing(SUBNET, 'REJECT')] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { call: 'ec2:DescribeFlowLogs', attempts: 1 }, undo: '' });
    expect(result.did).toContain('every declared flow log of eu-west-1 is in place');
  });
});
