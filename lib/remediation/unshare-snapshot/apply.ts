import { DescribeSnapshotAttributeCommand, EC2Client, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { describeAwsError, hasErrorCode } from '../../aws/errors';
import { withRetry } from '../../aws/retry';
import { describePrincipals, ec2Granted, ec2PermissionList } from '../share-principals';
import type { UnshareSnapshotParams } from './action';
import { failedResult, type ActionApplier, type Applier, type ErrorCodeTables } from '../applier';

const ACTION = 'unshare-snapshot';
const CALL = 'ec2:ModifySnapshotAttribute';

/**
 * Sources: EC2 API reference, DescribeSnapshotAttribute / ModifySnapshotAttribute and the EC2 error codes list
 * (InvalidSnapshot.NotFound, UnauthorizedOperation, AuthFailure).
 */
const UNSHARE_SNAPSHOT_CODES: ErrorCodeTables = {
  // Removing a permission that is not granted succeeds, so "already removed" is learned by reading first.
  alreadyCompliant: [],
  // The snapshot was deleted since: nobody can create a volume from it any more.
  notApplicable: ['InvalidSnapshot.NotFound'],
  failureHints: {
    UnauthorizedOperation:
      'the sharing role may not change this snapshot\'s permissions (IAM policy, SCP or permissions boundary); the snapshot is still shared',
    AuthFailure: 'EC2 refused the call (not the owner of the snapshot, or the credentials were rejected); the snapshot is still shared',
  },
};

/**
 * Takes back exactly the create-volume permissions the event added, those still granted; every other share of
 * the snapshot stays.
 */
const applyUnshareSnapshot: Applier<UnshareSnapshotParams> = async (params, clients, options = {}) => {
  const detail = { call: CALL, region: params.region, snapshotId: params.snapshotId };
  let attempts = 0;
  try {
    const ec2 = clients.ec2(params.region);
    const current = await withRetry(
      () => ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: params.snapshotId, Attribute: 'createVolumePermission' })),
      options.retry,
    );
    attempts += current.attempts;
    const granted = ec2Granted(current.result.CreateVolumePermissions);
    const remove = params.principals.filter((principal) => granted.has(principal));
    const gone = params.principals.filter((principal) => !granted.has(principal));
    if (remove.length === 0) {
      return {
        outcome: 'already-compliant',
        detail: { ...detail, call: 'ec2:DescribeSnapshotAttribute', notGranted: gone, attempts },
        did: `the create-volume permission of ${describePrincipals(gone)} was already removed from EBS snapshot ${params.snapshotId}`,
        undo: '',
      };
    }
    const accounts = remove.filter((principal) => principal !== 'all');
    const { result, attempts: tries } = await withRetry(
      () =>
        ec2.send(
          new ModifySnapshotAttributeCommand({
            SnapshotId: params.snapshotId,
            // The flat form (operation type, user ids, group names): the API takes it and the CreateVolumePermission
            // structure alike, and every EC2 implementation reads this one.
            Attribute: 'createVolumePermission',
            OperationType: 'remove',
            ...(accounts.length > 0 ? { UserIds: accounts } : {}),
            ...(remove.includes('all') ? { GroupNames: ['all'] } : {}),
          }),
        ),
      options.retry,
    );
    const requestId = result.$metadata?.requestId;
    return {
      outcome: 'applied',
      detail: { ...detail, removed: remove, ...(gone.length > 0 ? { alreadyRemoved: gone } : {}), ...(requestId ? { requestId } : {}), attempts: attempts + tries },
      did:
        `removed the create-volume permission of ${describePrincipals(remove)} from EBS snapshot ${params.snapshotId}` +
        (gone.length > 0 ? ` (that of ${describePrincipals(gone)} was already gone)` : '') +
        '; every other permission of the snapshot was left as it was',
      undo: `If the share was intended, add an exception for it, then: aws ec2 modify-snapshot-attribute --region ${params.region} --snapshot-id ${params.snapshotId} --attribute createVolumePermission --create-volume-permission "Add=${ec2PermissionList(remove)}"`,
    };
  } catch (error) {
    if (hasErrorCode(error, UNSHARE_SNAPSHOT_CODES.notApplicable)) {
      const { errorCode, requestId } = describeAwsError(error);
      return { outcome: 'not-applicable', detail: { ...detail, errorCode, ...(requestId ? { requestId } : {}), reason: 'the snapshot no longer exists' } };
    }
    return failedResult(ACTION, detail, error, UNSHARE_SNAPSHOT_CODES.failureHints);
  }
};

export const unshareSnapshotApplier: ActionApplier<UnshareSnapshotParams> = { id: 'unshare-snapshot', clients: { ec2: EC2Client }, codes: UNSHARE_SNAPSHOT_CODES, apply: applyUnshareSnapshot };
