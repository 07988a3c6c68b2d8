import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { globalCall } from '../../tests/support/service-records';

const key = (userName: string) => ({
  accessKey: { userName, accessKeyId: 'AKIAIOSFODNN7BACKDOR', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' },
});

export default [
  {
    name: 'access key created for another user (Stratus iam-backdoor-user)',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'svc-backup' }, key('svc-backup')),
    matches: true,
    findings: [
      {
        category: 'iam-backdoor-user',
        severity: 'HIGH',
        resources: ['user/svc-backup'],
        action: 'deactivate-access-key',
        notPlannedReason: 'the deactivateAccessKeys param is off',
      },
    ],
  },
  {
    name: 'access key created for another user, in a stage that deactivates backdoor keys',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'svc-backup' }, key('svc-backup')),
    context: { remediationSettings: { deactivateAccessKeys: true } },
    matches: true,
    findings: [
      {
        severity: 'HIGH',
        resources: ['user/svc-backup'],
        action: 'deactivate-access-key',
        params: { userName: 'svc-backup', accessKeyId: 'AKIAIOSFODNN7BACKDOR', region: 'us-east-1' },
      },
    ],
  },
  {
    name: 'access key created for a user the responder counts as its own (ownPrincipals): never deactivated',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'trailguard-ci' }, key('trailguard-ci')),
    context: { remediationSettings: { deactivateAccessKeys: true }, ownPrincipals: [`arn:aws:iam::${ACCOUNT}:user/automation/trailguard-ci`] },
    matches: true,
    findings: [{ resources: ['user/trailguard-ci'], action: 'deactivate-access-key', notPlannedReason: 'one of the responder\'s own principals' }],
  },
  {
    name: 'a console password given to another user is never reverted, opted in or not',
    record: globalCall('iam.amazonaws.com', 'CreateLoginProfile', { userName: 'bob' }, { loginProfile: { userName: 'bob' } }),
    context: { remediationSettings: { deactivateAccessKeys: true } },
    matches: true,
    findings: [{ resources: ['user/bob'], action: 'none' }],
  },
  {
    name: 'console password given to another user by a role session (Stratus iam-create-user-login-profile)',
    record: globalCall('iam.amazonaws.com', 'CreateLoginProfile', { userName: 'bob', passwordResetRequired: false }, { loginProfile: { userName: 'bob', createDate: 'Nov 2, 2026, 9:15:00 AM', passwordResetRequired: false } }, {
      userIdentity: identities.assumedRole('Admin', 'mallory'),
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'] }],
  },
  {
    name: 'another user\'s console password changed (Stratus iam-update-user-login-profile)',
    record: globalCall('iam.amazonaws.com', 'UpdateLoginProfile', { userName: 'bob' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'] }],
  },
  {
    name: 'near miss: a user creates their own access key (no userName)',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', null, key('alice')),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a user names themselves',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'alice' }, key('alice')),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a user names themselves, identity without userName (ARN with a path)',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'carol' }, key('carol'), {
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0003', arn: `arn:aws:iam::${ACCOUNT}:user/engineering/carol`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPL3' },
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: key creation refused (two keys already)',
    record: globalCall('iam.amazonaws.com', 'CreateAccessKey', { userName: 'svc-backup' }, null, {
      errorCode: 'LimitExceededException',
      errorMessage: 'Cannot exceed quota for AccessKeysPerUser: 2',
    }),
    matches: false,
  },
  {
    name: 'near miss: ChangePassword (a user\'s own password)',
    record: globalCall('iam.amazonaws.com', 'ChangePassword', null, null, { recipientAccountId: ACCOUNT }),
    matches: false,
  },
] satisfies readonly RuleCase[];
