import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, ec2PermissionsAdded, isShared } from '../../lib/iam/share-grant';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.exfiltration.ec2-share-ami: an AMI's launch permission given to another account or to
 * everyone, so its disks (and any secrets baked into them) can be copied out. Only what the call adds counts: a
 * `remove` takes access away. CRITICAL when public, HIGH for another account, MEDIUM for an organization or OU
 * (usually the own organization; the record cannot say).
 */
export default defineRule({
  id: 'ec2.ami-shared',
  title: 'AMI shared with another account or made public',
  description: 'An AMI can be launched by whoever it is shared with, who then holds a copy of its disks and whatever they contain.',
  category: 'ami-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifyImageAttribute']),
  classify: (record) => {
    if (record.eventName !== 'ModifyImageAttribute' || !succeeded(record)) return null;
    const grant = ec2PermissionsAdded(request(record, 'launchPermission'), accountOf(record));
    if (!isShared(grant)) return null;
    const image = fieldText(request(record, 'imageId'), 64);
    return {
      severity: grant.public ? 'CRITICAL' : grant.foreignAccounts.length > 0 ? 'HIGH' : 'MEDIUM',
      resources: resourceList(image),
      summary: `${describeActor(record)} shared AMI ${image ?? '(unknown)'} with ${describeShare(grant)}`,
      facts: { 'Shared with': describeShare(grant), ...viaService(record) },
    };
  },
  guidance:
    'If the share was not intended: remove the launch permission (aws ec2 modify-image-attribute --image-id <id> ' +
    '--launch-permission "Remove=[{UserId=<account>}]" or Remove=[{Group=all}]) and check whether the other account ' +
    'already copied the image.',
  references: {
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.ec2-share-ami'],
    links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html'],
  },
});
