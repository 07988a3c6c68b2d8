import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogs } from '../../../lib/remediation';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { BUCKET, existing, params, SUBNET, VPC } from './world';

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

  test('the bucket spelled with or without its final slash is the same destination: in place, nothing is created', async () => {
    // Prepare: DescribeFlowLogs gives the bucket ARN with a trailing `/`; the param declares it without, and the reverse.
    const bare = recreateFlowLogs.parse({
      region: 'eu-west-1',
      deletedFlowLogIds: ['fl-0123456789abcdef0'],
      flowLogs: [
        { resourceId: VPC, destination: 'arn:aws:s3:::flow-logs-123456789012', trafficType: 'ALL' },
        { resourceId: SUBNET, destination: `${BUCKET}/`, trafficType: 'REJECT' },
      ],
    });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(VPC, 'ALL', 'arn:aws:s3:::flow-logs-123456789012/'), existing(SUBNET, 'REJECT')] });

    // Act
    const result = await recreateFlowLogsApplier.apply(bare, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result.outcome).toBe('already-compliant');
  });

  test('another bucket, or a longer prefix, is not the declared destination', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(VPC, 'ALL', `${BUCKET}/more`), existing(SUBNET, 'REJECT', 'arn:aws:s3:::flow-logs-123456789012')] });
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 2);
    expect(result.outcome).toBe('applied');
  });

  test('EC2 answers FlowLogAlreadyExists (a spelling the read did not match): that entry is in place, the next is still created', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [VPC] }).rejects(ec2Error('FlowLogAlreadyExists'));
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [SUBNET] }).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'applied', detail: { created: [`fl-0aaaabbbbccccdddd: ${SUBNET} to ${BUCKET} (REJECT)`], alreadyInPlace: [`${VPC} to ${BUCKET} (ALL)`] } });
  });

  test('FlowLogAlreadyExists for every missing entry (call-level or in Unsuccessful): already compliant, nothing to undo', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [VPC] }).rejects(ec2Error('FlowLogAlreadyExists'));
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [SUBNET] }).resolves({ FlowLogIds: [], Unsuccessful: [{ ResourceId: SUBNET, Error: { Code: 'FlowLogAlreadyExists', Message: 'exists' } }] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'already-compliant', detail: { created: [] }, undo: '' });
    expect(result.did).toContain('EC2 answered FlowLogAlreadyExists');
  });
});
