import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { cisIdentities, globalCall } from '../../tests/support/service-records';

const key = (userName: string) => ({
  accessKey: { userName, accessKeyId: 'AKIAIOSFODNN7BACKDOR', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' },
});

/** A role session acting on other users' credentials, as in the review's records. */
const mallory = { userIdentity: identities.assumedRole('DevRole', 'mallory') };
const sshKey = (userName: string) => ({
  sSHPublicKey: { userName, sSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE', fingerprint: 'c4:d3:e2:f1:a0:98:76:54:32:10:fe:dc:ba:98:76:54', status: 'Active', uploadDate: 'Nov 2, 2026, 9:15:00 AM' },
});
const serviceCredential = (userName: string, serviceName = 'codecommit.amazonaws.com') => ({
  serviceSpecificCredential: { userName, serviceName, serviceUserName: `${userName}-at-${ACCOUNT}`, serviceSpecificCredentialId: 'ACCAEXAMPLE123EXAMPLE', status: 'Active', createDate: 'Nov 2, 2026, 9:15:00 AM' },
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
    name: 'another user\'s MFA device deactivated by a role session',
    record: globalCall('iam.amazonaws.com', 'DeactivateMFADevice', { userName: 'alice', serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` }, null, mallory),
    matches: true,
    findings: [{ category: 'iam-backdoor-user', severity: 'HIGH', resources: ['user/alice'], action: 'none' }],
  },
  {
    name: 'another user\'s inactive access key reactivated',
    record: globalCall('iam.amazonaws.com', 'UpdateAccessKey', { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7OLDKEY1', status: 'Active' }, null, mallory),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'], action: 'none' }],
  },
  {
    name: 'SSH public key uploaded for another user (CodeCommit access as that user)',
    record: globalCall('iam.amazonaws.com', 'UploadSSHPublicKey', { userName: 'bob', sSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample' }, sshKey('bob'), mallory),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'], action: 'none' }],
  },
  {
    // A session named like the user is still a role session, not the user itself.
    name: 'SSH public key uploaded for bob by a role session named bob',
    record: globalCall('iam.amazonaws.com', 'UploadSSHPublicKey', { userName: 'bob', sSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample' }, sshKey('bob'), {
      userIdentity: identities.assumedRole('DevRole', 'bob'),
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'] }],
  },
  {
    name: 'service-specific credential (CodeCommit Git) created for another user',
    record: globalCall('iam.amazonaws.com', 'CreateServiceSpecificCredential', { userName: 'bob', serviceName: 'codecommit.amazonaws.com' }, serviceCredential('bob'), mallory),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/bob'], action: 'none' }],
  },
  {
    name: 'near miss: a user deactivates their own MFA device (no userName)',
    record: globalCall('iam.amazonaws.com', 'DeactivateMFADevice', { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` }),
    matches: false,
  },
  {
    name: 'near miss: a user names themselves deactivating their MFA device',
    record: globalCall('iam.amazonaws.com', 'DeactivateMFADevice', { userName: 'alice', serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: another user\'s access key deactivated (what a responder does)',
    record: globalCall('iam.amazonaws.com', 'UpdateAccessKey', { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7OLDKEY1', status: 'Inactive' }, null, mallory),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: reactivation refused (no such key)',
    record: globalCall('iam.amazonaws.com', 'UpdateAccessKey', { userName: 'bob', accessKeyId: 'AKIAIOSFODNN7OLDKEY1', status: 'Active' }, null, {
      ...mallory,
      errorCode: 'NoSuchEntityException',
      errorMessage: 'The Access Key with id AKIAIOSFODNN7OLDKEY1 cannot be found.',
    }),
    matches: false,
  },
  {
    name: 'near miss: a user uploads their own SSH public key',
    record: globalCall('iam.amazonaws.com', 'UploadSSHPublicKey', { userName: 'alice', sSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample' }, sshKey('alice')),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: a service-specific credential made by an AWS service\'s own role',
    record: globalCall('iam.amazonaws.com', 'CreateServiceSpecificCredential', { userName: 'bob', serviceName: 'cassandra.amazonaws.com' }, serviceCredential('bob', 'cassandra.amazonaws.com'), {
      userIdentity: cisIdentities.serviceLinkedRole('cassandra.amazonaws.com', 'AWSServiceRoleForAmazonKeyspaces'),
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: DeleteVirtualMFADevice (names no user; succeeds only on a device already deactivated)',
    record: globalCall('iam.amazonaws.com', 'DeleteVirtualMFADevice', { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice` }, null, mallory),
    matches: false,
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
