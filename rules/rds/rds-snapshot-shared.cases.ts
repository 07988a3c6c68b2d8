import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, serviceCall } from '../../tests/support/service-records';

const rds = (eventName: string, request: Record<string, unknown>, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('rds.amazonaws.com', eventName, request, { dBSnapshotAttributesResult: { dBSnapshotIdentifier: 'orders-2026-11-01' } }, overrides);

export default [
  {
    name: 'DB snapshot restore shared with another account (Stratus rds-share-snapshot)',
    record: rds('ModifyDBSnapshotAttribute', { dBSnapshotIdentifier: 'orders-2026-11-01', attributeName: 'restore', valuesToAdd: [OTHER_ACCOUNT] }),
    matches: true,
    findings: [{
      category: 'snapshot-shared', severity: 'HIGH', resources: ['orders-2026-11-01'],
      action: 'unshare-db-snapshot', params: { kind: 'db', snapshot: 'orders-2026-11-01', region: 'us-east-1', principals: [OTHER_ACCOUNT] },
    }],
  },
  {
    name: 'DB cluster snapshot made public (valuesToAdd all)',
    record: rds('ModifyDBClusterSnapshotAttribute', { dBClusterSnapshotIdentifier: 'aurora-orders-final', attributeName: 'restore', valuesToAdd: ['all'] }),
    matches: true,
    findings: [{
      severity: 'CRITICAL', resources: ['aurora-orders-final'],
      action: 'unshare-db-snapshot', params: { kind: 'cluster', snapshot: 'aurora-orders-final', region: 'us-east-1', principals: ['all'] },
    }],
  },
  {
    name: 'DB snapshot shared with the own account and another: only the other one is taken back',
    record: rds('ModifyDBSnapshotAttribute', { dBSnapshotIdentifier: 'orders-2026-11-01', attributeName: 'restore', valuesToAdd: [ACCOUNT, OTHER_ACCOUNT], valuesToRemove: [] }),
    matches: true,
    findings: [{ action: 'unshare-db-snapshot', params: { kind: 'db', snapshot: 'orders-2026-11-01', region: 'us-east-1', principals: [OTHER_ACCOUNT] } }],
  },
  {
    name: 'near miss: valuesToRemove takes access away',
    record: rds('ModifyDBSnapshotAttribute', { dBSnapshotIdentifier: 'orders-2026-11-01', attributeName: 'restore', valuesToRemove: [OTHER_ACCOUNT] }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: restore shared with the own account',
    record: rds('ModifyDBSnapshotAttribute', { dBSnapshotIdentifier: 'orders-2026-11-01', attributeName: 'restore', valuesToAdd: [ACCOUNT] }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: sharing refused for an encrypted snapshot made public',
    record: rds('ModifyDBSnapshotAttribute', { dBSnapshotIdentifier: 'orders-2026-11-01', attributeName: 'restore', valuesToAdd: ['all'] }, {
      errorCode: 'InvalidParameterValueException',
      errorMessage: 'Encrypted snapshots cannot be shared publicly.',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
