import {
  DBClusterSnapshotNotFoundFault,
  DBSnapshotNotFoundFault,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareDbSnapshotApplier } from '../../../lib/remediation/unshare-db-snapshot/apply';
import { instantRetry, metadata } from '../support';
import { clusterParams, dbParams } from './world';

const rds = mockClient(RDSClient);

beforeEach(() => rds.reset());

describe('unshare-db-snapshot not found', () => {
  test('the DB snapshot was deleted since: not-applicable, no error', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(new DBSnapshotNotFoundFault({ message: 'DBSnapshot not found', $metadata: metadata(404) }));
    const options = instantRetry();

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), options);

    // Assess
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(options.sleeps).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { errorCode: 'DBSnapshotNotFoundFault', reason: 'the DB snapshot no longer exists' } });
  });

  test('the DB cluster snapshot was deleted since: not-applicable', async () => {
    // Prepare
    rds.on(DescribeDBClusterSnapshotAttributesCommand).rejects(new DBClusterSnapshotNotFoundFault({ message: 'not found', $metadata: metadata(404) }));

    // Act
    const result = await unshareDbSnapshotApplier.apply(clusterParams, createAwsClients(), instantRetry());

    // Assess
    expect(result).toMatchObject({ outcome: 'not-applicable', detail: { reason: 'the DB cluster snapshot no longer exists' } });
  });
});
