import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, ec2PermissionsAdded, isShared } from '../../lib/iam/share-grant';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.exfiltration.ec2-share-ebs-snapshot: a snapshot's createVolumePermission given to another
 * account or to everyone, who can then create a volume from it and read the disk. Only added permissions count.
 */
export default defineRule({
  id: 'ec2.snapshot-shared',
  title: 'EBS snapshot shared with another account or public',
  description: 'Whoever an EBS snapshot is shared with can create a volume from it and read the whole disk.',
  category: 'snapshot-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifySnapshotAttribute']),
  classify: (record) => {
    if (record.eventName !== 'ModifySnapshotAttribute' || !succeeded(record)) return null;
    const grant = ec2PermissionsAdded(request(record, 'createVolumePermission'), accountOf(record));
    if (!isShared(grant)) return null;
    const snapshot = fieldText(request(record, 'snapshotId'), 64);
    return {
      severity: grant.public ? 'CRITICAL' : grant.foreignAccounts.length > 0 ? 'HIGH' : 'MEDIUM',
      resources: resourceList(snapshot),
      summary: `${describeActor(record)} shared EBS snapshot ${snapshot ?? '(unknown)'} with ${describeShare(grant)}`,
      facts: { 'Shared with': describeShare(grant), ...viaService(record) },
    };
  },
  guidance:
    'If the share was not intended: aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission ' +
    '--operation-type remove --user-ids <account> (or --group-names all), then assume the data was copied.',
  references: {
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
    links: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html'],
  },
});
