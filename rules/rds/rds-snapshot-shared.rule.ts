import { describeActor, firstFieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, str, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, isShared, rdsValuesAdded, revocablePrincipals } from '../../lib/iam/share-grant';
import { paramsFit, unshareDbSnapshot } from '../../lib/remediation';
import { defineRule } from '../../lib/rule';

const EVENTS: ReadonlySet<string> = new Set(['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute']);

/**
 * Stratus Red Team aws.exfiltration.rds-share-snapshot: a DB or cluster snapshot's `restore` attribute given to
 * another account or to `all`, who can then restore the database. Only `valuesToAdd` counts; `valuesToRemove`
 * takes access away, and the revert removes exactly the added values from the attribute.
 */
export default defineRule({
  id: 'rds.rds-snapshot-shared',
  title: 'RDS snapshot shared with another account or public',
  description: 'Whoever an RDS snapshot is shared with can restore it into a database of their own and read every row.',
  category: 'snapshot-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('rds', [...EVENTS]),
  actions: ['unshare-db-snapshot'],
  classify: (record) => {
    if (!EVENTS.has(record.eventName) || !succeeded(record)) return null;
    if (str(request(record, 'attributeName'))?.toLowerCase() !== 'restore') return null;
    const grant = rdsValuesAdded(request(record, 'valuesToAdd'), accountOf(record));
    if (!isShared(grant)) return null;
    const snapshot = firstFieldText(request(record, 'dBSnapshotIdentifier'), request(record, 'dBClusterSnapshotIdentifier'));
    const cluster = record.eventName === 'ModifyDBClusterSnapshotAttribute';
    const kind = cluster ? 'DB cluster snapshot' : 'DB snapshot';
    const params = {
      kind: cluster ? 'cluster' : 'db',
      snapshot: str(request(record, cluster ? 'dBClusterSnapshotIdentifier' : 'dBSnapshotIdentifier')),
      region: record.awsRegion,
      principals: revocablePrincipals(grant),
    };
    const revert = paramsFit(unshareDbSnapshot, params);
    return {
      severity: grant.public ? 'CRITICAL' : 'HIGH',
      resources: resourceList(snapshot),
      summary: `${describeActor(record)} shared ${kind} ${snapshot ?? '(unknown)'} with ${describeShare(grant)}`,
      facts: {
        'Shared with': describeShare(grant),
        ...(revert ? {} : { 'Not reverted': 'the event does not name a usable snapshot identifier and region' }),
        ...viaService(record),
      },
      ...(revert ? { remediation: { action: 'unshare-db-snapshot' as const, params } } : {}),
    };
  },
  guidance:
    'Assume the data was copied while it was shared. If the share was not reverted: aws rds modify-db-snapshot-attribute (or modify-db-cluster-snapshot-attribute) ' +
    '--attribute-name restore --values-to-remove <account|all>, then assume the data was copied.',
  references: {
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.rds-share-snapshot'],
    links: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html'],
  },
});
