import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { OTHER_ACCOUNT, ec2Call } from '../../tests/support/service-records';

const SNAPSHOT = 'snap-0abcd1234ef567890';
const modify = (createVolumePermission: Record<string, unknown>) =>
  ec2Call('ModifySnapshotAttribute', { snapshotId: SNAPSHOT, attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission });

export default [
  {
    name: 'EBS snapshot shared with another account (Stratus ec2-share-ebs-snapshot)',
    record: modify({ add: { items: [{ userId: OTHER_ACCOUNT }] } }),
    matches: true,
    findings: [{ category: 'snapshot-shared', severity: 'HIGH', resources: [SNAPSHOT], action: 'unshare-snapshot', params: { snapshotId: SNAPSHOT, region: 'us-east-1', principals: [OTHER_ACCOUNT] } }],
  },
  {
    name: 'EBS snapshot made public',
    record: modify({ add: { items: [{ group: 'all' }] } }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: [SNAPSHOT], action: 'unshare-snapshot', params: { snapshotId: SNAPSHOT, region: 'us-east-1', principals: ['all'] } }],
  },
  {
    name: 'EBS snapshot made public while another share is removed: only the public group is taken back',
    record: modify({ add: { items: [{ group: 'all' }, { userId: ACCOUNT }] }, remove: { items: [{ userId: OTHER_ACCOUNT }] } }),
    matches: true,
    findings: [{ severity: 'CRITICAL', action: 'unshare-snapshot', params: { snapshotId: SNAPSHOT, region: 'us-east-1', principals: ['all'] } }],
  },
  {
    name: 'near miss: volume permission removed',
    record: modify({ remove: { items: [{ userId: OTHER_ACCOUNT }] } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: shared with the own account only',
    record: modify({ add: { items: [{ userId: ACCOUNT }] } }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: share of an encrypted snapshot refused',
    record: ec2Call('ModifySnapshotAttribute', { snapshotId: SNAPSHOT, createVolumePermission: { add: { items: [{ group: 'all' }] } } }, {}, {
      errorCode: 'Client.OperationNotPermitted',
      errorMessage: 'Encrypted snapshots with EBS default key cannot be shared',
    }),
    matches: false,
  },
] satisfies readonly RuleCase[];
