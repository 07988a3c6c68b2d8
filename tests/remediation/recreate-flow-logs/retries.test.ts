import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { existing, params, SUBNET, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('recreate-flow-logs retries', () => {
  test('RequestLimitExceeded once on each call, then succeeded: applied, attempts counted', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ FlowLogs: [existing(SUBNET, 'REJECT')] });
    ec2.on(CreateFlowLogsCommand).rejectsOnce(ec2Error('RequestLimitExceeded', 503)).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });
    const options = instantRetry();

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 2);
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 4 } });
  });

  test('throttled until giving up: failed after the bounded attempts, nothing created', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejects(ec2Error('RequestLimitExceeded', 503));

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeFlowLogsCommand, 4);
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'RequestLimitExceeded', attempts: 4 } });
  });

  test('CreateFlowLogs throttled until giving up for one entry: that entry failed after its bounded attempts, the next still created', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [VPC] }).rejects(ec2Error('RequestLimitExceeded', 503));
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [SUBNET] }).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 5);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'RequestLimitExceeded', attempts: 6, created: [expect.stringContaining(SUBNET)] } });
    expect(result.error?.message).toMatch(/^.*RequestLimitExceeded after 4 attempts/);
  });
});
