import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, str, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, ec2PermissionsAdded, isShared, revocablePrincipals } from '../../lib/iam/share-grant';
import { paramsFit, unshareSnapshot } from '../../lib/remediation';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.exfiltration.ec2-share-ebs-snapshot: a snapshot's createVolumePermission given to another
 * account or to everyone, who can then create a volume from it and read the disk. Only added permissions count,
 * and the revert takes back only the accounts and the public group the call added.
 */
export default defineRule({
  id: 'ec2.snapshot-shared',
  title: 'EBS snapshot shared with another account or public',
  description: 'Whoever an EBS snapshot is shared with can create a volume from it and read the whole disk.',
  category: 'snapshot-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifySnapshotAttribute']),
  actions: ['unshare-snapshot'],
  classify: (record) => {
    if (record.eventName !== 'ModifySnapshotAttribute' || !succeeded(record)) return null;
    const grant = ec2PermissionsAdded(request(record, 'createVolumePermission'), accountOf(record));
    if (!isShared(grant)) return null;
    const snapshot = fieldText(request(record, 'snapshotId'), 64);
    const params = { snapshotId: str(request(record, 'snapshotId')), region: record.awsRegion, principals: revocablePrincipals(grant) };
    const revert = paramsFit(unshareSnapshot, params);
    return {
      severity: grant.public ? 'CRITICAL' : grant.foreignAccounts.length > 0 ? 'HIGH' : 'MEDIUM',
      resources: resourceList(snapshot),
      summary: `${describeActor(record)} shared EBS snapshot ${snapshot ?? '(unknown)'} with ${describeShare(grant)}`,
      facts: {
        'Shared with': describeShare(grant),
        ...(revert ? {} : { 'Not reverted': params.principals.length === 0 ? 'shared with an organization or OU only (it may be your own)' : 'the event does not name a usable snapshot id and region' }),
        ...viaService(record),
      },
      ...(revert ? { remediation: { action: 'unshare-snapshot' as const, params } } : {}),
    };
  },
  guidance:
    'Assume the data was copied while it was shared. If the share was not reverted: aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission ' +
    '--operation-type remove --user-ids <account> (or --group-names all), then assume the data was copied.',
  references: {
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
    links: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html'],
  },
});
