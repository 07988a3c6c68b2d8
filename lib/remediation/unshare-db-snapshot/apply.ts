import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import { describePrincipals } from '../share-principals';
import { dbSnapshotNoun, dbSnapshotRedo, type UnshareDbSnapshotParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'unshare-db-snapshot';

/**
 * Sources: RDS API reference, DescribeDBSnapshotAttributes / ModifyDBSnapshotAttribute and the DB cluster
 * equivalents (errors: DBSnapshotNotFound, DBClusterSnapshotNotFoundFault, InvalidDBSnapshotState,
 * InvalidDBClusterSnapshotStateFault, SharedSnapshotQuotaExceeded), as modelled in @aws-sdk/client-rds (which
 * names the classes …Fault).
 */
const UNSHARE_DB_SNAPSHOT_CODES: ErrorCodeTables = {
  // Removing a value that is not there succeeds, so "already removed" is learned by reading first.
  alreadyCompliant: [],
  // The snapshot was deleted since: nobody can restore it any more.
  notApplicable: ['DBSnapshotNotFound', 'DBSnapshotNotFoundFault', 'DBClusterSnapshotNotFoundFault'],
  failureHints: {
    AccessDenied: 'the sharing role may not change this snapshot\'s attributes (IAM policy, SCP or permissions boundary); the snapshot is still shared',
    AccessDeniedException: 'the sharing role may not change this snapshot\'s attributes (IAM policy, SCP or permissions boundary); the snapshot is still shared',
    InvalidDBSnapshotState: 'the snapshot is not available (being created or copied); it is still shared and the event is left for retry',
    InvalidDBSnapshotStateFault: 'the snapshot is not available (being created or copied); it is still shared and the event is left for retry',
    InvalidDBClusterSnapshotStateFault: 'the snapshot is not available (being created or copied); it is still shared and the event is left for retry',
  },
};

/** The `restore` values now on the snapshot. */
const restoreValues = async (params: UnshareDbSnapshotParams, rds: RDSClient, options: Parameters<Applier<unknown>>[2]) => {
  if (params.kind === 'db') {
    const { result, attempts } = await withRetry(
      () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: params.snapshot })),
      options?.retry,
    );
    const attributes = result.DBSnapshotAttributesResult?.DBSnapshotAttributes ?? [];
    return { values: new Set(attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? []), attempts };
  }
  const { result, attempts } = await withRetry(
    () => rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: params.snapshot })),
    options?.retry,
  );
  const attributes = result.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes ?? [];
  return { values: new Set(attributes.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? []), attempts };
};

/**
 * Takes back exactly the `restore` values the event added, those still there: a value someone removed meanwhile
 * is not touched, and the accounts the snapshot was shared with before stay.
 */
const applyUnshareDbSnapshot: Applier<UnshareDbSnapshotParams> = async (params, clients, options = {}) => {
  const call = params.kind === 'db' ? 'rds:ModifyDBSnapshotAttribute' : 'rds:ModifyDBClusterSnapshotAttribute';
  const detail = { call, region: params.region, snapshot: params.snapshot };
  const noun = dbSnapshotNoun(params.kind);
  try {
    const rds = clients.rds(params.region);
    const current = await restoreValues(params, rds, options);
    const remove = params.principals.filter((principal) => current.values.has(principal));
    const gone = params.principals.filter((principal) => !current.values.has(principal));
    if (remove.length === 0) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: call.replace('Modify', 'Describe').replace(/Attribute$/, 'Attributes'), notShared: gone, attempts: current.attempts },
        did: `${describePrincipals(gone)} had already been removed from the restore attribute of ${noun} ${params.snapshot}`,
        undo: '',
      };
    }
    const modify = () =>
      params.kind === 'db'
        ? rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: params.snapshot, AttributeName: 'restore', ValuesToRemove: remove }))
        : rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: params.snapshot, AttributeName: 'restore', ValuesToRemove: remove }));
    const { result, attempts } = await withRetry(modify, options.retry);
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, removed: remove, ...(gone.length > 0 ? { alreadyRemoved: gone } : {}), ...(requestId ? { requestId } : {}), attempts: current.attempts + attempts },
      did:
        `removed ${describePrincipals(remove)} from the restore attribute of ${noun} ${params.snapshot}` +
        (gone.length > 0 ? ` (${describePrincipals(gone)} had already been removed)` : '') +
        '; the accounts it was shared with before were left as they were',
      undo: `If the share was intended, add an exception for it, then: ${dbSnapshotRedo(params, remove)}`,
    };
  } catch (error) {
    if (hasErrorCode(error, UNSHARE_DB_SNAPSHOT_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: `the ${noun} no longer exists` } };
    }
    return failedResult(ACTION, detail, error, UNSHARE_DB_SNAPSHOT_CODES.failureHints);
  }
};

export const unshareDbSnapshotApplier: ActionApplier<UnshareDbSnapshotParams> = { id: 'unshare-db-snapshot', clients: { rds: RDSClient }, codes: UNSHARE_DB_SNAPSHOT_CODES, apply: applyUnshareDbSnapshot };
