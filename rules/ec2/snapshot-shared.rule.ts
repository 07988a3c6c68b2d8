import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, str, succeeded } from '../../lib/cloudtrail/record';
import { describeShare, ec2PermissionsAdded, isShared, revocablePrincipals } from '../../lib/iam/share-grant';
import { paramsFit, unshareSnapshot } from '../../lib/remediation';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.exfiltration.ec2-share-ebs-snapshot: a snapshot's createVolumePermission given to another
 * account or to everyone, who can then create a volume from it and read the disk. Only added permissions count,
 * and the revert takes back only the accounts and the public group the call added.
 *
 * Also EBS encryption by default turned off (Sigma aws_ec2_disable_encryption), the step that makes such a share
 * possible: a snapshot under the default aws/ebs key cannot be shared at all, an unencrypted one with anyone.
 * MEDIUM: nothing is shared yet, and only volumes created from then on are unencrypted.
 */
export default defineRule({
  id: 'ec2.snapshot-shared',
  title: 'EBS snapshot shared, or EBS encryption by default off',
  description:
    'Whoever an EBS snapshot is shared with can create a volume from it and read the whole disk; with encryption by ' +
    'default off, new volumes\' snapshots can be shared with anyone.',
  category: 'snapshot-shared',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('ec2', ['ModifySnapshotAttribute', 'DisableEbsEncryptionByDefault']),
  actions: ['unshare-snapshot'],
  classify: (record) => {
    if (record.eventName === 'DisableEbsEncryptionByDefault' && succeeded(record) && awsServiceCaller(record) === undefined) {
      return {
        severity: 'MEDIUM',
        resources: [accountOf(record)],
        summary: `${describeActor(record)} turned off EBS encryption by default in ${record.awsRegion}`,
        facts: { 'Unencrypted from now': 'new EBS volumes, and snapshots of them, which can be shared with any account or made public', ...viaService(record) },
      };
    }
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
    'EBS encryption by default off: aws ec2 enable-ebs-encryption-by-default in that region, and list volumes created since. ' +
    'Assume the data was copied while it was shared. If the share was not reverted: aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission ' +
    '--operation-type remove --user-ids <account> (or --group-names all), then assume the data was copied.',
  references: {
    // CIS 2.2.1 / EC2.7 (EBS encryption by default) for DisableEbsEncryptionByDefault only.
    cis: ['2.2.1'],
    securityHub: ['EC2.7'],
    mitre: ['T1537'],
    stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
    links: ['https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html'],
  },
});
