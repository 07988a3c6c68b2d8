import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { OTHER_ACCOUNT, cisIdentities, globalCall, serviceCall } from '../../tests/support/service-records';

const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/ReportsReadOnly`;
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/DeveloperBoundary`;

/** CloudTrail writes policy documents as URL-decoded JSON text. */
const doc = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

const READ_REPORTS = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] });
const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const TRUST_PARTNER = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } } });
const TRUST_EVERYONE = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
const TRUST_ANYONE_WITH_EXTERNAL_ID = doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'a1b2c3' } } });
const TRUST_ORG = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
const TRUST_OWN = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/github-actions` }, Action: 'sts:AssumeRole' });

const iam = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  overrides: Parameters<typeof globalCall>[4] = {},
) => globalCall('iam.amazonaws.com', eventName, requestParameters, responseElements, overrides);

const createdPolicy = {
  policy: {
    policyName: 'ReportsReadOnly',
    policyId: 'ANPAEXAMPLEPOLICY0001',
    arn: POLICY_ARN,
    path: '/',
    defaultVersionId: 'v1',
    attachmentCount: 0,
    permissionsBoundaryUsageCount: 0,
    isAttachable: true,
    createDate: 'Nov 2, 2026, 9:15:00 AM',
    updateDate: 'Nov 2, 2026, 9:15:00 AM',
  },
};

export default [
  // Every CIS CloudWatch.4 event name, then the additions.
  {
    name: 'PutUserPolicy adds an inline policy to a user',
    record: iam('PutUserPolicy', { userName: 'bob', policyName: 'reports-read', policyDocument: READ_REPORTS }),
    matches: true,
    findings: [{ category: 'iam-policy-change', severity: 'MEDIUM', resources: ['user/bob'], action: 'none' }],
  },
  {
    name: 'PutRolePolicy grants a role full admin rights inline (HIGH)',
    record: iam('PutRolePolicy', { roleName: 'app-runner', policyName: 'everything', policyDocument: ADMIN }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['role/app-runner'] }],
  },
  {
    name: 'PutGroupPolicy adds an inline policy to a group',
    record: iam('PutGroupPolicy', { groupName: 'analysts', policyName: 'reports-read', policyDocument: READ_REPORTS }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['group/analysts'] }],
  },
  {
    name: 'DeleteUserPolicy',
    record: iam('DeleteUserPolicy', { userName: 'bob', policyName: 'reports-read' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['user/bob'] }],
  },
  {
    name: 'DeleteRolePolicy',
    record: iam('DeleteRolePolicy', { roleName: 'app-runner', policyName: 'deny-outside-vpc' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['role/app-runner'] }],
  },
  {
    name: 'DeleteGroupPolicy',
    record: iam('DeleteGroupPolicy', { groupName: 'analysts', policyName: 'reports-read' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['group/analysts'] }],
  },
  {
    name: 'CreatePolicy creates a managed policy',
    record: iam('CreatePolicy', { policyName: 'ReportsReadOnly', policyDocument: READ_REPORTS, description: 'Read the reports bucket' }, createdPolicy),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN] }],
  },
  {
    name: 'DeletePolicy deletes a managed policy',
    record: iam('DeletePolicy', { policyArn: POLICY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN] }],
  },
  {
    name: 'CreatePolicyVersion makes an admin version the default (HIGH)',
    record: iam(
      'CreatePolicyVersion',
      { policyArn: POLICY_ARN, policyDocument: ADMIN, setAsDefault: true },
      { policyVersion: { versionId: 'v2', isDefaultVersion: true, createDate: 'Nov 2, 2026, 9:15:00 AM' } },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [POLICY_ARN] }],
  },
  {
    name: 'DeletePolicyVersion',
    record: iam('DeletePolicyVersion', { policyArn: POLICY_ARN, versionId: 'v1' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN] }],
  },
  {
    name: 'AttachRolePolicy',
    record: iam('AttachRolePolicy', { roleName: 'auditor', policyArn: READ_ONLY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [READ_ONLY_ARN, 'role/auditor'] }],
  },
  {
    name: 'AttachUserPolicy attaches AdministratorAccess (HIGH)',
    record: iam('AttachUserPolicy', { userName: 'bob', policyArn: ADMIN_ARN }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ADMIN_ARN, 'user/bob'] }],
  },
  {
    name: 'AttachGroupPolicy',
    record: iam('AttachGroupPolicy', { groupName: 'analysts', policyArn: POLICY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN, 'group/analysts'] }],
  },
  {
    name: 'DetachRolePolicy',
    record: iam('DetachRolePolicy', { roleName: 'auditor', policyArn: READ_ONLY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [READ_ONLY_ARN, 'role/auditor'] }],
  },
  {
    name: 'DetachUserPolicy of AdministratorAccess is a removal, not a grant',
    record: iam('DetachUserPolicy', { userName: 'bob', policyArn: ADMIN_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [ADMIN_ARN, 'user/bob'] }],
  },
  {
    name: 'DetachGroupPolicy',
    record: iam('DetachGroupPolicy', { groupName: 'analysts', policyArn: POLICY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN, 'group/analysts'] }],
  },
  {
    name: 'SetDefaultPolicyVersion rolls a policy back to an older version (addition)',
    record: iam('SetDefaultPolicyVersion', { policyArn: POLICY_ARN, versionId: 'v1' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [POLICY_ARN] }],
  },
  {
    name: 'UpdateAssumeRolePolicy trusts another account (HIGH: Stratus iam-backdoor-role)',
    record: iam('UpdateAssumeRolePolicy', { roleName: 'partner-access', policyDocument: TRUST_PARTNER }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['role/partner-access'] }],
  },
  {
    name: 'UpdateAssumeRolePolicy lets any AWS principal assume the role (CRITICAL)',
    record: iam('UpdateAssumeRolePolicy', { roleName: 'partner-access', policyDocument: TRUST_EVERYONE }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/partner-access'] }],
  },
  {
    name: 'UpdateAssumeRolePolicy opens the trust to * with only an sts:ExternalId condition (CRITICAL: an external id is no boundary)',
    record: iam('UpdateAssumeRolePolicy', { roleName: 'vendor-audit', policyDocument: TRUST_ANYONE_WITH_EXTERNAL_ID }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/vendor-audit'] }],
  },
  {
    name: 'UpdateAssumeRolePolicy URL-encoded, Principal "*" in a list of statements (CRITICAL)',
    record: iam('UpdateAssumeRolePolicy', {
      roleName: 'vendor-audit',
      policyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [JSON.parse(TRUST_OWN).Statement[0], { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] })),
    }),
    matches: true,
    findings: [{ severity: 'CRITICAL', resources: ['role/vendor-audit'] }],
  },
  {
    name: 'UpdateAssumeRolePolicy to * narrowed by aws:PrincipalOrgID stays MEDIUM',
    record: iam('UpdateAssumeRolePolicy', { roleName: 'org-readers', policyDocument: TRUST_ORG }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['role/org-readers'] }],
  },
  {
    name: 'UpdateAssumeRolePolicy trusting a role of the same account stays MEDIUM',
    record: iam('UpdateAssumeRolePolicy', { roleName: 'ci-deployer', policyDocument: TRUST_OWN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['role/ci-deployer'] }],
  },
  {
    name: 'PutUserPermissionsBoundary (addition)',
    record: iam('PutUserPermissionsBoundary', { userName: 'bob', permissionsBoundary: BOUNDARY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BOUNDARY_ARN, 'user/bob'] }],
  },
  {
    name: 'PutRolePermissionsBoundary (addition)',
    record: iam('PutRolePermissionsBoundary', { roleName: 'app-runner', permissionsBoundary: BOUNDARY_ARN }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [BOUNDARY_ARN, 'role/app-runner'] }],
  },
  {
    name: 'DeleteUserPermissionsBoundary (addition)',
    record: iam('DeleteUserPermissionsBoundary', { userName: 'bob' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['user/bob'] }],
  },
  {
    name: 'DeleteRolePermissionsBoundary (addition)',
    record: iam('DeleteRolePermissionsBoundary', { roleName: 'app-runner' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['role/app-runner'] }],
  },
  {
    name: 'a user adds itself to a group: it takes the group\'s permissions (HIGH)',
    record: iam('AddUserToGroup', { groupName: 'Admins', userName: 'mallory' }, null, { userIdentity: identities.iamUser('mallory') }),
    matches: true,
    findings: [{ category: 'iam-policy-change', severity: 'HIGH', resources: ['user/mallory', 'group/Admins'] }],
  },
  {
    name: 'a user adds itself to a group, identity without userName (ARN with a path)',
    record: iam('AddUserToGroup', { groupName: 'Admins', userName: 'carol' }, null, {
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSERID0003', arn: `arn:aws:iam::${ACCOUNT}:user/engineering/carol`, accountId: ACCOUNT, accessKeyId: 'AKIAIOSFODNN7EXAMPL3' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['user/carol', 'group/Admins'] }],
  },
  {
    name: 'an administrator adds another user to a group (MEDIUM, like any policy change)',
    record: iam('AddUserToGroup', { groupName: 'Developers', userName: 'bob' }, null, { userIdentity: identities.assumedRole('Admin', 'alice') }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['user/bob', 'group/Developers'] }],
  },
  {
    // A session named like the user is a role session acting on the user, not the user joining.
    name: 'near miss: a role session named mallory adds user mallory to a group (MEDIUM, not self-service)',
    record: iam('AddUserToGroup', { groupName: 'Admins', userName: 'mallory' }, null, { userIdentity: identities.assumedRole('DevRole', 'mallory') }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: ['user/mallory', 'group/Admins'] }],
  },
  {
    name: 'near miss: AddUserToGroup refused (no such group)',
    record: iam('AddUserToGroup', { groupName: 'Admins', userName: 'mallory' }, null, {
      userIdentity: identities.iamUser('mallory'),
      errorCode: 'NoSuchEntityException',
      errorMessage: 'The group with name Admins cannot be found.',
    }),
    matches: false,
  },
  {
    name: 'near miss: RemoveUserFromGroup (takes permissions away)',
    record: iam('RemoveUserFromGroup', { groupName: 'Admins', userName: 'mallory' }, null, { userIdentity: identities.iamUser('mallory') }),
    matches: false,
  },
  {
    name: 'IAM Identity Center provisioning a permission set still changes who can do what',
    record: iam(
      'AttachRolePolicy',
      { roleName: 'AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b', policyArn: ADMIN_ARN },
      null,
      {
        userIdentity: cisIdentities.serviceLinkedRole('sso.amazonaws.com', 'AWSServiceRoleForSSO'),
        sourceIPAddress: 'sso.amazonaws.com',
        userAgent: 'sso.amazonaws.com',
      },
    ),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ADMIN_ARN, 'role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b'] }],
  },
  {
    name: 'console user attaches a policy through CloudFormation',
    record: iam('AttachRolePolicy', { roleName: 'lambda-exec', policyArn: READ_ONLY_ARN }, null, {
      userIdentity: { ...identities.assumedRole('Deployer', 'alice'), invokedBy: 'cloudformation.amazonaws.com' },
      sourceIPAddress: 'cloudformation.amazonaws.com',
      userAgent: 'cloudformation.amazonaws.com',
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [READ_ONLY_ARN, 'role/lambda-exec'] }],
  },
  {
    name: 'odd record: PutRolePolicy with a document that is not JSON and no role name',
    record: iam('PutRolePolicy', { policyName: 'broken', policyDocument: '{"Version": "2012-10-17", "Statement": [' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },
  {
    name: 'odd record: AttachUserPolicy with null requestParameters',
    record: iam('AttachUserPolicy', null),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [] }],
  },

  // Near misses.
  {
    name: 'near miss: AttachRolePolicy fails because the role does not exist',
    record: iam('AttachRolePolicy', { roleName: 'missing', policyArn: READ_ONLY_ARN }, null, {
      errorCode: 'NoSuchEntity',
      errorMessage: 'The role with name missing cannot be found.',
    }),
    matches: false,
  },
  {
    name: 'near miss: PutRolePolicy denied (account.unauthorized-api-call reports it)',
    record: iam('PutRolePolicy', { roleName: 'app-runner', policyName: 'everything', policyDocument: ADMIN }, null, {
      errorCode: 'AccessDenied',
      errorMessage: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: iam:PutRolePolicy on resource: role app-runner`,
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: reading a policy (GetPolicy)',
    record: iam('GetPolicy', { policyArn: POLICY_ARN }, createdPolicy),
    matches: false,
  },
  {
    name: 'near miss: listing policies (ListPolicies)',
    record: iam('ListPolicies', { scope: 'Local', onlyAttached: false }),
    matches: false,
  },
  {
    name: 'near miss: CreateRole is not a policy change in CIS terms (iam.role-trust-opened grades the trust)',
    record: iam('CreateRole', { roleName: 'lambda-exec', assumeRolePolicyDocument: TRUST_PARTNER }),
    matches: false,
    alsoFiredBy: ['iam.role-trust-opened'],
  },
  {
    name: 'near miss: Auto Scaling DeletePolicy deletes a scaling policy',
    record: serviceCall('autoscaling.amazonaws.com', 'DeletePolicy', { autoScalingGroupName: 'web-asg', policyName: 'scale-out-cpu' }),
    matches: false,
  },
  {
    name: 'near miss: Organizations CreatePolicy creates an SCP (organizations-change reports it)',
    record: globalCall(
      'organizations.amazonaws.com',
      'CreatePolicy',
      {
        content: doc({ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }),
        description: 'Protect CloudTrail',
        name: 'protect-cloudtrail',
        type: 'SERVICE_CONTROL_POLICY',
      },
      {
        policy: {
          policySummary: {
            id: 'p-examplepolicyid111',
            arn: `arn:aws:organizations::${ACCOUNT}:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111`,
            name: 'protect-cloudtrail',
            description: 'Protect CloudTrail',
            type: 'SERVICE_CONTROL_POLICY',
            awsManaged: false,
          },
        },
      },
    ),
    matches: false,
    alsoFiredBy: ['organizations.organizations-change'],
  },
  {
    name: 'near miss: IoT AttachPolicy attaches a policy to a device certificate',
    record: serviceCall('iot.amazonaws.com', 'AttachPolicy', {
      policyName: 'sensor-publish',
      target: `arn:aws:iot:us-east-1:${ACCOUNT}:cert/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
    }),
    matches: false,
  },
  {
    name: 'near miss: IoT CreatePolicyVersion',
    record: serviceCall(
      'iot.amazonaws.com',
      'CreatePolicyVersion',
      { policyName: 'sensor-publish', policyDocument: doc({ Effect: 'Allow', Action: 'iot:Publish', Resource: '*' }), setAsDefault: true },
      { policyArn: `arn:aws:iot:us-east-1:${ACCOUNT}:policy/sensor-publish`, policyVersionId: '2', isDefaultVersion: true },
    ),
    matches: false,
  },
] satisfies readonly RuleCase[];
