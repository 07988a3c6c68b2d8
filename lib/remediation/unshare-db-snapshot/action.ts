import { REGION_NAME } from '../../cloudtrail/record';
import { defineAction } from '../action';
import { ParamsReader } from '../params-schema';
import { describePrincipals, requirePrincipals, SHARE_PRINCIPAL } from '../share-principals';

// A manual snapshot's identifier (letters, digits, hyphens; a letter first) or its ARN: both are what the Modify
// call accepted, and both end up in the alert's redo command, so nothing else passes.
const IDENTIFIER = /^([A-Za-z][A-Za-z0-9-]{0,254}|arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(cluster-)?snapshot:[A-Za-z][A-Za-z0-9-]{0,254})$/;

/** A DB snapshot or DB cluster snapshot, and the `restore` attribute values a Modify…SnapshotAttribute event added. */
export interface UnshareDbSnapshotParams {
  /** `db` (ModifyDBSnapshotAttribute) or `cluster` (ModifyDBClusterSnapshotAttribute). */
  readonly kind: 'db' | 'cluster';
  readonly snapshot: string;
  readonly region: string;
  /** Account ids and `all` (public): only the `valuesToAdd` of the event. */
  readonly principals: readonly string[];
}

const CLI = { db: ['modify-db-snapshot-attribute', '--db-snapshot-identifier'], cluster: ['modify-db-cluster-snapshot-attribute', '--db-cluster-snapshot-identifier'] } as const;

export const unshareDbSnapshot = defineAction<UnshareDbSnapshotParams>({
  id: 'unshare-db-snapshot',
  description: 'Remove the accounts (or `all`) an RDS DB or cluster snapshot was just shared with from its restore attribute',
  permissions: [
    // Read first: only the values still there are removed, and none left means already compliant.
    { action: 'rds:DescribeDBSnapshotAttributes', resources: ['rds:snapshot'] },
    { action: 'rds:ModifyDBSnapshotAttribute', resources: ['rds:snapshot'] },
    { action: 'rds:DescribeDBClusterSnapshotAttributes', resources: ['rds:cluster-snapshot'] },
    { action: 'rds:ModifyDBClusterSnapshotAttribute', resources: ['rds:cluster-snapshot'] },
  ],
  parse(params) {
    const reader = new ParamsReader('unshare-db-snapshot', params, ['kind', 'snapshot', 'region', 'principals']);
    return {
      kind: reader.string('kind', /^(db|cluster)$/) as 'db' | 'cluster',
      snapshot: reader.string('snapshot', IDENTIFIER),
      region: reader.string('region', REGION_NAME),
      principals: requirePrincipals('unshare-db-snapshot', reader.stringArray('principals', SHARE_PRINCIPAL)),
    };
  },
  plan(params) {
    return {
      call: params.kind === 'db' ? 'rds:ModifyDBSnapshotAttribute' : 'rds:ModifyDBClusterSnapshotAttribute',
      region: params.region,
      snapshot: params.snapshot,
      attributeName: 'restore',
      valuesToRemove: [...params.principals],
    };
  },
  undo(params) {
    return (
      `trailguard removed ${describePrincipals(params.principals)} from the restore attribute of ${dbSnapshotNoun(params.kind)} ${params.snapshot}. ` +
      `If the share was intended, add an exception for it, then: ${dbSnapshotRedo(params, params.principals)}`
    );
  },
});

export const dbSnapshotNoun = (kind: UnshareDbSnapshotParams['kind']): string => (kind === 'db' ? 'DB snapshot' : 'DB cluster snapshot');

/** The command that shares the snapshot again with `principals`. */
export const dbSnapshotRedo = (params: UnshareDbSnapshotParams, principals: readonly string[]): string => {
  const [command, option] = CLI[params.kind];
  return `aws rds ${command} --region ${params.region} ${option} ${params.snapshot} --attribute-name restore --values-to-add ${principals.join(' ')}`;
};
