import { describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, str, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, ec2PermissionsAdded, isShared, revocablePrincipals } from '../../lib/iam/share-grant';
import { paramsFit, unshareImage } from '../../lib/remediation';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.exfiltration.ec2-share-ami: an AMI's launch permission given to another account or to
 * everyone, so its disks (and any secrets baked into them) can be copied out. Only what the call adds counts: a
 * `remove` takes access away. CRITICAL when public, HIGH for another account, MEDIUM for an organization or OU
 * (usually the own organization; the record cannot say). The revert takes back the accounts and the public
 * group the call added, never an organization or OU (which may be the account's own) nor earlier shares.
 */
export default defineRule({
  id: 'ec2.ami-shared',
  title: 'AMI shared with another account or made public',
  description: 'An AMI can be launched by whoever it is shared with, who then holds a copy of its disks and whatever they contain.',
  category: 'ami-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifyImageAttribute']),
  actions: ['unshare-image'],
  classify: (record) => {
    if (record.eventName !== 'ModifyImageAttribute' || !succeeded(record)) return null;
    const grant = ec2PermissionsAdded(request(record, 'launchPermission'), accountOf(record));
    if (!isShared(grant)) return null;
    const image = fieldText(request(record, 'imageId'), 64);
    const params = { imageId: str(request(record, 'imageId')), region: record.awsRegion, principals: revocablePrincipals(grant) };
    const revert = paramsFit(unshareImage, params);
    return {
      severity: grant.public ? 'CRITICAL' : grant.foreignAccounts.length > 0 ? 'HIGH' : 'MEDIUM',
      resources: resourceList(image),
      summary: `${describeActor(record)} shared AMI ${image ?? '(unknown)'} with ${describeShare(grant)}`,
      facts: {
        'Shared with': describeShare(grant),
        ...(revert ? {} : { 'Not reverted': params.principals.length === 0 ? 'shared with an organization or OU only (it may be your own)' : 'the event does not name a usable AMI id and region' }),
        ...viaService(record),
      },
      ...(revert ? { remediation: { action: 'unshare-image' as const, params } } : {}),
    };
  },
  guidance:
    'Check whether the other account already copied or launched the image. If the share was not reverted: remove the launch permission (aws ec2 modify-image-attribute --image-id <id> ' +
    '--launch-permission "Remove=[{UserId=<account>}]" or Remove=[{Group=all}]) and check whether the other account ' +
    'already copied the image.',
  references: {
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.ec2-share-ami'],
    links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html'],
  },
});
