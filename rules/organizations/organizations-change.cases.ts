import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { OTHER_ACCOUNT, THIRD_ACCOUNT, globalCall, serviceCall } from '../../tests/support/service-records';

const ORG = 'o-exampleorgid';
const ROOT = 'r-examplerootid111';
const OU = 'ou-examplerootid111-exampleouid111';
const OU_SANDBOX = 'ou-examplerootid111-exampleouid222';
const POLICY = 'p-examplepolicyid111';
const POLICY_ARN = `arn:aws:organizations::${ACCOUNT}:policy/${ORG}/service_control_policy/${POLICY}`;
const HANDSHAKE = 'h-examplehandshakeid111';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const SCP = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' }],
});

const org = (
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
  overrides: Parameters<typeof globalCall>[4] = {},
) =>
  globalCall('organizations.amazonaws.com', eventName, requestParameters, responseElements, {
    userIdentity: identities.assumedRole('OrgAdmin', 'alice'),
    ...overrides,
  });

const policySummary = (name = 'protect-cloudtrail') => ({
  policy: {
    policySummary: { id: POLICY, arn: POLICY_ARN, name, description: 'Keep CloudTrail on', type: 'SERVICE_CONTROL_POLICY', awsManaged: false },
    content: SCP,
  },
});

const handshake = (state: string) => ({
  handshake: {
    id: HANDSHAKE,
    arn: `arn:aws:organizations::${ACCOUNT}:handshake/${ORG}/invite/${HANDSHAKE}`,
    parties: [
      { id: ORG.replace('o-', ''), type: 'ORGANIZATION' },
      { id: OTHER_ACCOUNT, type: 'ACCOUNT' },
    ],
    state,
    requestedTimestamp: 'Nov 2, 2026, 9:15:00 AM',
    expirationTimestamp: 'Nov 17, 2026, 9:15:00 AM',
    action: 'INVITE',
    resources: [{ value: ORG, type: 'ORGANIZATION' }],
  },
});

/** Calls a member account makes about its own membership are recorded in that account. */
const member = { recipientAccountId: OTHER_ACCOUNT, userIdentity: identities.assumedRole('Admin', 'bob', OTHER_ACCOUNT) };

export default [
  // Every CIS 4.15 event name, then the additions.
  {
    name: 'AttachPolicy attaching an SCP to an OU',
    record: org('AttachPolicy', { policyId: POLICY, targetId: OU }),
    matches: true,
    findings: [{ category: 'organizations-change', severity: 'HIGH', resources: [POLICY, OU], action: 'none' }],
  },
  {
    name: 'DetachPolicy removing an SCP from the root',
    record: org('DetachPolicy', { policyId: POLICY, targetId: ROOT }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [POLICY, ROOT] }],
  },
  {
    name: 'CreatePolicy creating an SCP',
    record: org('CreatePolicy', { content: SCP, description: 'Keep CloudTrail on', name: 'protect-cloudtrail', type: 'SERVICE_CONTROL_POLICY' }, policySummary()),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [POLICY] }],
  },
  {
    name: 'UpdatePolicy rewriting an SCP',
    record: org('UpdatePolicy', { policyId: POLICY, content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }, policySummary()),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [POLICY] }],
  },
  {
    name: 'DeletePolicy',
    record: org('DeletePolicy', { policyId: POLICY }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [POLICY] }],
  },
  {
    name: 'DisablePolicyType switching SCPs off for the whole organization',
    record: org('DisablePolicyType', { rootId: ROOT, policyType: 'SERVICE_CONTROL_POLICY' }, {
      root: { id: ROOT, arn: `arn:aws:organizations::${ACCOUNT}:root/${ORG}/${ROOT}`, name: 'Root', policyTypes: [] },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT] }],
  },
  {
    name: 'EnablePolicyType',
    record: org('EnablePolicyType', { rootId: ROOT, policyType: 'RESOURCE_CONTROL_POLICY' }, {
      root: { id: ROOT, arn: `arn:aws:organizations::${ACCOUNT}:root/${ORG}/${ROOT}`, name: 'Root', policyTypes: [{ type: 'RESOURCE_CONTROL_POLICY', status: 'PENDING_ENABLE' }] },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [ROOT] }],
  },
  {
    name: 'CreateAccount (AWS hides the name and e-mail)',
    record: org('CreateAccount', { email: HIDDEN, accountName: HIDDEN }, {
      createAccountStatus: { id: 'car-examplecreateaccountrequestid111', accountName: HIDDEN, state: 'IN_PROGRESS', requestedTimestamp: 'Nov 2, 2026, 9:15:00 AM' },
    }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['car-examplecreateaccountrequestid111'] }],
  },
  {
    name: 'InviteAccountToOrganization',
    record: org('InviteAccountToOrganization', { target: { id: OTHER_ACCOUNT, type: 'ACCOUNT' }, notes: HIDDEN }, handshake('OPEN')),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [OTHER_ACCOUNT, HANDSHAKE] }],
  },
  {
    name: 'AcceptHandshake joining an organization (member account)',
    record: org('AcceptHandshake', { handshakeId: HANDSHAKE }, handshake('ACCEPTED'), member),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [HANDSHAKE] }],
  },
  {
    name: 'DeclineHandshake (MEDIUM: nothing joins)',
    record: org('DeclineHandshake', { handshakeId: HANDSHAKE }, handshake('DECLINED'), member),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [HANDSHAKE] }],
  },
  {
    name: 'MoveAccount out of a guarded OU',
    record: org('MoveAccount', { accountId: THIRD_ACCOUNT, sourceParentId: OU, destinationParentId: OU_SANDBOX }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [THIRD_ACCOUNT] }],
  },
  {
    name: 'RemoveAccountFromOrganization',
    record: org('RemoveAccountFromOrganization', { accountId: THIRD_ACCOUNT }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [THIRD_ACCOUNT] }],
  },
  {
    name: 'LeaveOrganization from a member account',
    record: org('LeaveOrganization', null, null, member),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [OTHER_ACCOUNT] }],
  },
  {
    name: 'DeleteOrganization',
    record: org('DeleteOrganization', null),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'CreateOrganizationalUnit (MEDIUM: structure only)',
    record: org('CreateOrganizationalUnit', { parentId: ROOT, name: 'Sandbox' }, {
      organizationalUnit: { id: OU_SANDBOX, arn: `arn:aws:organizations::${ACCOUNT}:ou/${ORG}/${OU_SANDBOX}`, name: 'Sandbox' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [OU_SANDBOX] }],
  },
  {
    name: 'UpdateOrganizationalUnit renaming an OU (MEDIUM)',
    record: org('UpdateOrganizationalUnit', { organizationalUnitId: OU, name: 'Production-Legacy' }, {
      organizationalUnit: { id: OU, arn: `arn:aws:organizations::${ACCOUNT}:ou/${ORG}/${OU}`, name: 'Production-Legacy' },
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [OU] }],
  },
  {
    name: 'DeleteOrganizationalUnit',
    record: org('DeleteOrganizationalUnit', { organizationalUnitId: OU_SANDBOX }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [OU_SANDBOX] }],
  },
  {
    name: 'DisableAWSServiceAccess for CloudTrail (addition)',
    record: org('DisableAWSServiceAccess', { servicePrincipal: 'cloudtrail.amazonaws.com' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [] }],
  },
  {
    name: 'RegisterDelegatedAdministrator for GuardDuty (addition)',
    record: org('RegisterDelegatedAdministrator', { accountId: THIRD_ACCOUNT, servicePrincipal: 'guardduty.amazonaws.com' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [THIRD_ACCOUNT] }],
  },
  {
    name: 'DeregisterDelegatedAdministrator for Security Hub (addition)',
    record: org('DeregisterDelegatedAdministrator', { accountId: THIRD_ACCOUNT, servicePrincipal: 'securityhub.amazonaws.com' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [THIRD_ACCOUNT] }],
  },
  {
    name: 'CloseAccount (addition)',
    record: org('CloseAccount', { accountId: THIRD_ACCOUNT }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [THIRD_ACCOUNT] }],
  },

  // Near misses.
  {
    name: 'near miss: AttachPolicy of a policy that is already attached',
    record: org('AttachPolicy', { policyId: POLICY, targetId: OU }, null, {
      errorCode: 'DuplicatePolicyAttachmentException',
      errorMessage: 'A policy with the specified name and type already exists.',
    }),
    matches: false,
  },
  {
    name: 'near miss: DetachPolicy denied by an SCP (account.unauthorized-api-call reports it)',
    record: org('DetachPolicy', { policyId: POLICY, targetId: ROOT }, null, {
      errorCode: 'AccessDeniedException',
      errorMessage: 'You don\'t have permissions to access this resource.',
    }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: DescribeOrganization',
    record: org('DescribeOrganization', null),
    matches: false,
  },
  {
    name: 'near miss: ListAccounts',
    record: org('ListAccounts', { maxResults: 20 }),
    matches: false,
  },
  {
    name: 'near miss: IAM CreatePolicy (iam-policy-change reports it)',
    record: globalCall('iam.amazonaws.com', 'CreatePolicy', {
      policyName: 'ReportsReadOnly',
      policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] }),
    }),
    matches: false,
    alsoFiredBy: ['iam.iam-policy-change'],
  },
  {
    name: 'near miss: IoT DetachPolicy',
    record: serviceCall('iot.amazonaws.com', 'DetachPolicy', {
      policyName: 'sensor-publish',
      target: `arn:aws:iot:us-east-1:${ACCOUNT}:cert/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
    }),
    matches: false,
  },
  {
    name: 'near miss: Verified Permissions UpdatePolicy',
    record: serviceCall('verifiedpermissions.amazonaws.com', 'UpdatePolicy', {
      policyStoreId: 'PSEXAMPLEabcdefg111111',
      policyId: 'SPEXAMPLEabcdefg111111',
      definition: { static: { statement: HIDDEN } },
    }),
    matches: false,
  },
  {
    name: 'near miss: account creation finishing (service event)',
    record: {
      ...org('CreateAccountResult', null),
      userIdentity: { accountId: ACCOUNT, invokedBy: 'AWS Internal' },
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      eventType: 'AwsServiceEvent',
      serviceEventDetails: {
        createAccountStatus: {
          id: 'car-examplecreateaccountrequestid111',
          state: 'SUCCEEDED',
          accountName: '****',
          accountId: THIRD_ACCOUNT,
          requestedTimestamp: 'Nov 2, 2026, 9:15:00 AM',
          completedTimestamp: 'Nov 2, 2026, 9:16:10 AM',
        },
      },
    },
    matches: false,
  },
] satisfies readonly RuleCase[];
