import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { RemediationError } from '../../../lib/errors';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { BUCKET, existing, params, SUBNET, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(SUBNET, 'REJECT')] });
});

describe('recreate-flow-logs failed', () => {
  test('CreateFlowLogs denied: failed at once, the AWS error as cause, and the alert gives the command that creates it', async () => {
    // Prepare
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2.on(CreateFlowLogsCommand).rejects(denied);
    const options = instantRetry();

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(options.sleeps).toEqual([]);
    expect(result.outcome).toBe('failed');
    expect(result.error).toBeInstanceOf(RemediationError);
    expect(result.error?.cause).toBe(denied);
    expect(result.error?.message).toMatch(/UnauthorizedOperation: .*still missing/);
    expect(result.did).toContain(`aws ec2 create-flow-logs --region eu-west-1 --resource-ids ${VPC} --resource-type VPC --traffic-type ALL --log-destination-type s3 --log-destination ${BUCKET}`);
  });

  test('EC2 refuses the flow log for another reason (the bucket policy denies delivery): failed, naming the code', async () => {
    // Prepare
    ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: [], Unsuccessful: [{ ResourceId: VPC, Error: { Code: 'AccessDenied', Message: 'Access Denied for LogDestination' } }] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain(`EC2 did not create ${VPC} to ${BUCKET} (ALL): AccessDenied (Access Denied for LogDestination)`);
    expect(result.detail).toMatchObject({ refused: [`${VPC} to ${BUCKET} (ALL): AccessDenied (Access Denied for LogDestination)`] });
  });

  test('the first entry denied, the second created: EC2 went on with the rest; failed, naming the denial, and the undo covers what was created', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    const denied = ec2Error('UnauthorizedOperation', 403);
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [VPC] }).rejects(denied);
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [SUBNET] }).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 2);
    expect(result.outcome).toBe('failed');
    expect(result.error?.cause).toBe(denied);
    expect(result.detail).toMatchObject({ errorCode: 'UnauthorizedOperation', created: [`fl-0aaaabbbbccccdddd: ${SUBNET} to ${BUCKET} (REJECT)`], attempts: 3 });
    expect(result.detail.refused).toEqual([expect.stringMatching(new RegExp(`^${VPC} to .*: UnauthorizedOperation \\(.*may not create flow logs`))]);
    expect(result.did).toContain('created again flow log fl-0aaaabbbbccccdddd');
    expect(result.did).toContain(`still missing, to create by hand: aws ec2 create-flow-logs --region eu-west-1 --resource-ids ${VPC} `);
    expect(result.did).not.toContain(`--resource-ids ${SUBNET}`);
    expect(result.undo).toContain('--flow-log-ids fl-0aaaabbbbccccdddd');
  });

  test('DescribeFlowLogs denied: failed before creating anything, naming the read', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejects(ec2Error('UnauthorizedOperation', 403));

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { call: 'ec2:DescribeFlowLogs', errorCode: 'UnauthorizedOperation' } });
    expect(result.did).toContain(`--resource-ids ${SUBNET}`);
  });
});
