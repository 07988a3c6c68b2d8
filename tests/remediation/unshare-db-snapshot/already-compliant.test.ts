import { DescribeDBSnapshotAttributesCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareDbSnapshotApplier } from '../../../lib/remediation/unshare-db-snapshot/apply';
import { instantRetry } from '../support';
import { dbParams, FOREIGN, PARTNER, restoreAttribute, SNAPSHOT } from './world';

const rds = mockClient(RDSClient);

beforeEach(() => rds.reset());

describe('unshare-db-snapshot already compliant', () => {
  test('none of the added values is still there: nothing is changed, the partner is not touched', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restoreAttribute([PARTNER]));

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), instantRetry());

    // Assess
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(result).toMatchObject({
      outcome: 'already-compliant',
      detail: { call: 'rds:DescribeDBSnapshotAttributes', notShared: [FOREIGN, 'all'], attempts: 1 },
      undo: '',
    });
    expect(result.did).toContain(`already been removed from the restore attribute of DB snapshot ${SNAPSHOT}`);
  });
});
