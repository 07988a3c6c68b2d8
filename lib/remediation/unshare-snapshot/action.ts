import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';
import { describePrincipals, ec2PermissionList, requirePrincipals, SHARE_PRINCIPAL } from '../share-principals';

const SNAPSHOT_ID = /^snap-[0-9a-f]{8,17}$/;

/** An EBS snapshot, and the create-volume permissions a ModifySnapshotAttribute event added for others. */
export interface UnshareSnapshotParams {
  readonly snapshotId: string;
  readonly region: string;
  /** Account ids and `all` (public): only those the event added. */
  readonly principals: readonly string[];
}

export const unshareSnapshot = defineAction<UnshareSnapshotParams>({
  id: 'unshare-snapshot',
  description: 'Remove the create-volume permissions an EBS snapshot was just given for another account or for everyone',
  permissions: [
    // Read first: only the permissions still granted are removed, and none left means already compliant.
    { action: 'ec2:DescribeSnapshotAttribute', resources: ['*'] },
    { action: 'ec2:ModifySnapshotAttribute', resources: ['ec2:snapshot'] },
  ],
  parse(params) {
    const reader = new ParamsReader('unshare-snapshot', params, ['snapshotId', 'region', 'principals']);
    return {
      snapshotId: reader.string('snapshotId', SNAPSHOT_ID),
      region: reader.string('region', REGION_NAME),
      principals: requirePrincipals('unshare-snapshot', reader.stringArray('principals', SHARE_PRINCIPAL)),
    };
  },
  plan(params) {
    return { call: 'ec2:ModifySnapshotAttribute', region: params.region, snapshotId: params.snapshotId, removeCreateVolumePermission: [...params.principals] };
  },
  undo(params) {
    return (
      `trailguard removed the create-volume permission of ${describePrincipals(params.principals)} from EBS snapshot ${params.snapshotId}. ` +
      `If the share was intended, add an exception for it, then: aws ec2 modify-snapshot-attribute --region ${params.region} ` +
      `--snapshot-id ${params.snapshotId} --attribute createVolumePermission --create-volume-permission "Add=${ec2PermissionList(params.principals)}"`
    );
  },
});
