import { accountOf, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';
import { describeActor, request, resourceList, text, viaService } from '../support/cis-records';
import { describeShare, ec2PermissionsAdded, isShared } from '../support/sharing';

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
  pattern: {
    source: ['aws.ec2'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifySnapshotAttribute'], errorCode: [{ exists: false }] },
  },
  classify: (record) => {
    if (record.eventName !== 'ModifySnapshotAttribute' || !succeeded(record)) return null;
    const grant = ec2PermissionsAdded(request(record, 'createVolumePermission'), accountOf(record));
    if (!isShared(grant)) return null;
    const snapshot = text(request(record, 'snapshotId'), 64);
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
