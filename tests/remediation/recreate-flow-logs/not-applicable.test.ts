import { CreateFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { recreateFlowLogsApplier } from '../../../lib/remediation/recreate-flow-logs/apply';
import { ec2Error, instantRetry } from '../support';
import { BUCKET, existing, params, SUBNET, VPC } from './world';

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
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { resourcesGone: [`${VPC} no longer exists (InvalidVpcID.NotFound)`], reason: 'the declared resources no longer exist' }, undo: '' });
    expect(result.did).toContain(`not recreated: ${VPC} no longer exists`);
  });

  test('EC2 refuses the whole call for a deleted VPC (as EC2 and moto do): that entry is not applicable, the subnet after it is still recreated', async () => {
    // Prepare: both declared flow logs are missing; the VPC is gone.
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [VPC] }).rejects(ec2Error('InvalidVpcID.NotFound'));
    ec2.on(CreateFlowLogsCommand, { ResourceIds: [SUBNET] }).resolves({ FlowLogIds: ['fl-0aaaabbbbccccdddd'] });
    const options = instantRetry();

    // Act
    const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), options);

    // Assess
    expect(options.sleeps).toEqual([]);
    expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 2);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { created: [`fl-0aaaabbbbccccdddd: ${SUBNET} to ${BUCKET} (REJECT)`], resourcesGone: [`${VPC} no longer exists (InvalidVpcID.NotFound)`], attempts: 3 },
    });
    expect(result.did).toBe(`created again flow log fl-0aaaabbbbccccdddd on ${SUBNET} to ${BUCKET} (REJECT); not recreated: ${VPC} no longer exists (InvalidVpcID.NotFound)`);
    expect(result.undo).toContain('--flow-log-ids fl-0aaaabbbbccccdddd');
  });

  test.each(['InvalidSubnetID.NotFound', 'InvalidNetworkInterfaceID.NotFound', 'Client.InvalidVpcID.NotFound'])(
    'every missing resource is gone (%s for the whole call): not-applicable, nothing to undo',
    async (code) => {
      // Prepare
      ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
      ec2.on(CreateFlowLogsCommand).rejects(ec2Error(code));

      // Act
      const result = await recreateFlowLogsApplier.apply(params, createAwsClients(), instantRetry());

      // Assess
      expect(ec2).toHaveReceivedCommandTimes(CreateFlowLogsCommand, 2);
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ outcome: 'not-applicable', detail: { created: [], reason: 'the declared resources no longer exist' }, undo: '' });
      expect((result.detail.resourcesGone as string[]).length).toBe(2);
    },
  );
});
