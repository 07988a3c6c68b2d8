import { awsServiceCaller, describeActor, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, succeeded } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

/*
 * EBS encryption by default turned off in a region (CIS 2.2.1 / Security Hub EC2.7 watch the setting; Sigma
 * aws_ec2_disable_encryption the call). Volumes created from then on are unencrypted, and so are their snapshots:
 * a snapshot under the default aws/ebs key cannot be shared with another account, an unencrypted one can, with
 * anyone (ec2.snapshot-shared). MEDIUM: nothing is exposed yet, and volumes that exist keep their encryption.
 */
export default defineRule({
  id: 'ec2.ebs-encryption-off',
  title: 'EBS encryption by default turned off',
  description: 'New EBS volumes, and the snapshots taken of them, are no longer encrypted: an unencrypted snapshot can be shared with anyone.',
  category: 'ebs-encryption-disabled',
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('ec2', ['DisableEbsEncryptionByDefault']),
  classify: (record) => {
    if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
    return {
      resources: [accountOf(record)],
      summary: `${describeActor(record)} turned off EBS encryption by default in ${record.awsRegion}`,
      facts: { 'Unencrypted from now': 'new EBS volumes, and snapshots of them', ...viaService(record) },
    };
  },
  guidance: 'Turn it back on (aws ec2 enable-ebs-encryption-by-default --region <region>) and list the volumes created since (aws ec2 describe-volumes --filters Name=encrypted,Values=false).',
  references: {
    cis: ['2.2.1'],
    securityHub: ['EC2.7'],
    mitre: ['T1486', 'T1565'],
    links: ['https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html'],
  },
});
