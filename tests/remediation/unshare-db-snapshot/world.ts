import { RDSServiceException } from '@aws-sdk/client-rds';
import { unshareDbSnapshot } from '../../../lib/remediation';
import { REQUEST_ID } from '../support';

export const SNAPSHOT = 'orders-2026-11-01';
export const CLUSTER_SNAPSHOT = 'aurora-orders-final';
export const FOREIGN = '111122223333';
/** An account the snapshot was shared with before the event: never touched. */
export const PARTNER = '444455556666';

/** What the rule requests for ModifyDBSnapshotAttribute adding FOREIGN and `all` to `restore`. */
export const dbParams = unshareDbSnapshot.parse({ kind: 'db', snapshot: SNAPSHOT, region: 'eu-west-1', principals: [FOREIGN, 'all'] });
/** The same for ModifyDBClusterSnapshotAttribute. */
export const clusterParams = unshareDbSnapshot.parse({ kind: 'cluster', snapshot: CLUSTER_SNAPSHOT, region: 'eu-west-1', principals: [FOREIGN] });

/** An RDS error as the SDK's query protocol builds it when the code has no modelled class. */
export const rdsError = (code: string, httpStatusCode = 400): RDSServiceException =>
  new RDSServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: REQUEST_ID },
    message: `${code} (test)`,
  });

export const restoreAttribute = (values: string[]) => ({
  DBSnapshotAttributesResult: { DBSnapshotIdentifier: SNAPSHOT, DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: values }] },
});
