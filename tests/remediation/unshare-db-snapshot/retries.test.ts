import { DescribeDBSnapshotAttributesCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareDbSnapshotApplier } from '../../../lib/remediation/unshare-db-snapshot/apply';
import { instantRetry } from '../support';
import { dbParams, FOREIGN, rdsError, restoreAttribute } from './world';

const rds = mockClient(RDSClient);

beforeEach(() => rds.reset());

describe('unshare-db-snapshot retries', () => {
  test('Throttling, then succeeded: applied, attempts counted', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restoreAttribute([FOREIGN, 'all']));
    rds.on(ModifyDBSnapshotAttributeCommand).rejectsOnce(rdsError('Throttling')).rejectsOnce(rdsError('Throttling')).resolves({});
    const options = instantRetry();

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), options);

    // Assess
    expect(rds).toHaveReceivedCommandTimes(ModifyDBSnapshotAttributeCommand, 3);
    expect(options.sleeps).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'applied', detail: { attempts: 4 } });
  });

  test('a 5xx until giving up: failed after the bounded attempts', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(rdsError('InternalFailure', 500));

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), instantRetry());

    // Assess
    expect(rds).toHaveReceivedCommandTimes(DescribeDBSnapshotAttributesCommand, 4);
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(result).toMatchObject({ outcome: 'failed', detail: { errorCode: 'InternalFailure', attempts: 4 } });
  });
});
