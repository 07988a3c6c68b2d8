import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, THIRD_ACCOUNT, ec2Call } from '../../tests/support/service-records';

const AMI = 'ami-0abcdef1234567890';
const share = (launchPermission: Record<string, unknown>) =>
  ec2Call('ModifyImageAttribute', { imageId: AMI, launchPermission, attributeType: 'launchPermission' });

export default [
  {
    name: 'AMI launch permission given to another account (Stratus ec2-share-ami)',
    record: share({ add: { items: [{ userId: OTHER_ACCOUNT }] } }),
    matches: true,
    findings: [{ category: 'ami-shared', severity: 'HIGH', resources: [AMI], action: 'unshare-image', params: { imageId: AMI, region: 'us-east-1', principals: [OTHER_ACCOUNT] } }],
  },
  {
    name: 'AMI made public (group all)',
    record: share({ add: { items: [{ group: 'all' }] }, remove: {} }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [AMI], action: 'unshare-image', params: { imageId: AMI, region: 'us-east-1', principals: ['all'] } }],
  },
  {
    name: 'AMI shared with two accounts, the own one among them',
    record: share({ add: { items: [{ userId: ACCOUNT }, { userId: THIRD_ACCOUNT }] } }),
    matches: true,
    // Only the other account is taken back: the own account's permission is no share.
    findings: [{ severity: 'HIGH', action: 'unshare-image', params: { imageId: AMI, region: 'us-east-1', principals: [THIRD_ACCOUNT] } }],
  },
  {
    name: 'AMI made public and shared with an OU in one call: the public group is taken back, the OU left',
    record: ec2Call(
      'ModifyImageAttribute',
      { imageId: AMI, attributeType: 'launchPermission', launchPermission: { add: { items: [{ group: 'all' }, { organizationalUnitArn: `arn:aws:organizations::${ACCOUNT}:ou/o-a1b2c3d4e5/ou-a1b2-sandbox01` }] } } },
      { _return: true },
      { awsRegion: 'eu-west-1' },
    ),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'unshare-image', params: { imageId: AMI, region: 'eu-west-1', principals: ['all'] } }],
  },
  {
    name: 'AMI shared with an organizational unit (MEDIUM: usually the own organization)',
    record: share({ add: { items: [{ organizationalUnitArn: `arn:aws:organizations::${OTHER_ACCOUNT}:ou/o-a1b2c3d4e5/ou-a1b2-sandbox01` }] } }),
    matches: true,
    // An OU may be the account's own organization's: alerted, never reverted.
    findings: [{ severity: 'MEDIUM', action: 'none' }],
  },
  {
    name: 'near miss: launch permission removed from another account',
    record: share({ remove: { items: [{ userId: OTHER_ACCOUNT }] } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: AMI description changed',
    record: ec2Call('ModifyImageAttribute', { imageId: AMI, description: { value: 'golden image 2026-11' }, attributeType: 'description' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: share refused (not the owner)',
    record: ec2Call('ModifyImageAttribute', { imageId: AMI, launchPermission: { add: { items: [{ group: 'all' }] } } }, {}, {
      errorCode: 'Client.AuthFailure',
      errorMessage: 'Not authorized for image:ami-0abcdef1234567890',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
