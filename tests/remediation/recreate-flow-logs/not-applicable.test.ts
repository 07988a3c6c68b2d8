import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { instantRetry } from '../support';
import { existing, params, SUBNET, VPC } from './world';

const ec2 = mockClient(EC2Client);

beforeEach(() => ec2.reset());

describe('recreate-flow-logs not found', () => {
  test('the declared VPC was deleted since (EC2 lists it as unsuccessful): not-applicable, said so, no error', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [existing(SUBNET, 'REJECT')] });
    ec2.on(CreateFlowLogsCommand).resolves({
      FlowLogIds: [],
      Unsuccessful: [{ ResourceId: VPC, Error: { Code: 'InvalidVpcID.NotFound', Message: `The vpc ID '${VPC}' does not exist` } }],
    });

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

    // Assess
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { resourcesGone: [`${VPC} no longer exists`], reason: 'the declared resources no longer exist' }, undo: '' });
    expect(result.did).toContain(`not recreated: ${VPC} no longer exists`);
  });
});
