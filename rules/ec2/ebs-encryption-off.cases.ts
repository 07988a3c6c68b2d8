import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { cisIdentities, ec2Call } from '../../tests/support/service-records';

/** The EC2 Query API's request and response wrappers, as CloudTrail writes them for this call. */
const disableEbsEncryptionByDefault = (overrides = {}) =>
  ec2Call('DisableEbsEncryptionByDefault', { DisableEbsEncryptionByDefaultRequest: '' }, { DisableEbsEncryptionByDefaultResponse: { ebsEncryptionByDefault: false } }, overrides);

export default [
  {
    name: 'EBS encryption by default turned off (MEDIUM: new volumes, and their snapshots, unencrypted and shareable)',
    record: disableEbsEncryptionByDefault(),
    matches: true,
    findings: [{ category: 'ebs-encryption-disabled', severity: 'MEDIUM', resources: [ACCOUNT], action: 'none' }],
  },
  {
    name: 'near miss: EBS encryption by default turned on',
    record: ec2Call('EnableEbsEncryptionByDefault', { EnableEbsEncryptionByDefaultRequest: '' }, { EnableEbsEncryptionByDefaultResponse: { ebsEncryptionByDefault: true } }),
    matches: false,
  },
  {
    name: 'near miss: turning EBS encryption by default off denied (account.unauthorized-api-call reports it)',
    record: disableEbsEncryptionByDefault({ errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: EBS encryption by default turned off by a service-linked role on its own behalf',
    record: disableEbsEncryptionByDefault({ userIdentity: cisIdentities.serviceLinkedRole('drs.amazonaws.com', 'AWSServiceRoleForElasticDisasterRecovery') }),
    matches: true,
    findings: [],
  },
] satisfies readonly RuleCase[];
