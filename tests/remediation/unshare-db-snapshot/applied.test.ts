import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsClients } from '../../../lib/aws/clients';
import { unshareDbSnapshotApplier } from '../../../lib/remediation/unshare-db-snapshot/apply';
import { instantRetry, REQUEST_ID } from '../support';
import { CLUSTER_SNAPSHOT, clusterParams, dbParams, FOREIGN, PARTNER, restoreAttribute, SNAPSHOT } from './world';

const rds = mockClient(RDSClient);

beforeEach(() => rds.reset());

describe('unshare-db-snapshot applied', () => {
  test('DB snapshot: the added account and all are removed from restore; the earlier partner stays', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restoreAttribute([PARTNER, FOREIGN, 'all']));
    rds.on(ModifyDBSnapshotAttributeCommand).resolves({ $metadata: { requestId: REQUEST_ID } });

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), instantRetry());

    // Assess
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotAttributesCommand, { DBSnapshotIdentifier: SNAPSHOT });
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand).map((call) => call.args[0].input)).toStrictEqual([
      { DBSnapshotIdentifier: SNAPSHOT, AttributeName: 'restore', ValuesToRemove: [FOREIGN, 'all'] },
    ]);
    expect(rds).not.toHaveReceivedCommand(ModifyDBClusterSnapshotAttributeCommand);
    expect(result).toMatchObject({
      outcome: 'applied',
      detail: { call: 'rds:ModifyDBSnapshotAttribute', region: 'eu-west-1', snapshot: SNAPSHOT, removed: [FOREIGN, 'all'], requestId: REQUEST_ID, attempts: 2 },
    });
    expect(result.did).toBe(`removed account ${FOREIGN} and everyone (public) from the restore attribute of DB snapshot ${SNAPSHOT}; the accounts it was shared with before were left as they were`);
    expect(result.undo).toContain(`aws rds modify-db-snapshot-attribute --region eu-west-1 --db-snapshot-identifier ${SNAPSHOT} --attribute-name restore --values-to-add ${FOREIGN} all`);
  });

  test('DB cluster snapshot: the cluster calls, with the cluster identifier', async () => {
    // Prepare
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves({
      DBClusterSnapshotAttributesResult: { DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: [FOREIGN] }] },
    });
    rds.on(ModifyDBClusterSnapshotAttributeCommand).resolves({});

    // Act
    const result = await unshareDbSnapshotApplier.apply(clusterParams, createAwsClients(), instantRetry());

    // Assess
    expect(rds.commandCalls(ModifyDBClusterSnapshotAttributeCommand).map((call) => call.args[0].input)).toStrictEqual([
      { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT, AttributeName: 'restore', ValuesToRemove: [FOREIGN] },
    ]);
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(result).toMatchObject({ outcome: 'applied', detail: { call: 'rds:ModifyDBClusterSnapshotAttribute', removed: [FOREIGN] } });
    expect(result.undo).toContain(`aws rds modify-db-cluster-snapshot-attribute --region eu-west-1 --db-cluster-snapshot-identifier ${CLUSTER_SNAPSHOT} --attribute-name restore --values-to-add ${FOREIGN}`);
  });

  test('all was already removed meanwhile: only the account is removed, and the redo names only it', async () => {
    // Prepare
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(restoreAttribute([FOREIGN]));
    rds.on(ModifyDBSnapshotAttributeCommand).resolves({});

    // Act
    const result = await unshareDbSnapshotApplier.apply(dbParams, createAwsClients(), instantRetry());

    // Assess
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)[0]!.args[0].input.ValuesToRemove).toStrictEqual([FOREIGN]);
    expect(result).toMatchObject({ outcome: 'applied', detail: { removed: [FOREIGN], alreadyRemoved: ['all'] } });
    expect(result.undo).toMatch(new RegExp(`--values-to-add ${FOREIGN}$`));
  });
});
