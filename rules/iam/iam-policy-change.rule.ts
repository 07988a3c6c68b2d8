import { awsServiceCaller, callerUserName, describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, items, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { describeAudience, policyAudience } from '../../lib/iam/policy-audience';
import { grantsFullAdmin, parsePolicyDocument } from '../../lib/iam/policy-document';
import { defineRule, type FindingDraft } from '../../lib/rule';

// Deployment: IAM is a global service whose events reach EventBridge only in us-east-1, so the deployment must
// include us-east-1 (or forward us-east-1's IAM events to the deployment region).

/** Security Hub CloudWatch.4 / CIS v1.4 4.4, complete. */
const CIS_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** Policy changes the benchmark misses that are well-known privilege escalation and persistence paths. */
const EXTRA_EVENTS = [
  // Rolls a managed policy back to an older, broader version without creating one (CreatePolicyVersion's twin).
  'SetDefaultPolicyVersion',
  // Rewrites a role's trust policy: the classic backdoor that lets an outside account assume the role.
  'UpdateAssumeRolePolicy',
  // Permissions boundaries cap what a user or role can do; removing or replacing one widens it.
  'PutUserPermissionsBoundary',
  'DeleteUserPermissionsBoundary',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  // Gives a user every policy of the group: a policy change for that user, without touching a policy.
  'AddUserToGroup',
] as const;

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

const ADMIN_POLICY_SUFFIX = ':policy/AdministratorAccess';

/** The user, role or group the change is about, as `user/alice`, `role/Admin`, `group/devs`. */
const principalOf = (record: CloudTrailRecord): string | undefined => {
  const user = fieldText(request(record, 'userName'));
  if (user) return `user/${user}`;
  const role = fieldText(request(record, 'roleName'));
  if (role) return `role/${role}`;
  const group = fieldText(request(record, 'groupName'));
  return group ? `group/${group}` : undefined;
};

const VERBS: Readonly<Record<string, string>> = {
  DeleteGroupPolicy: 'deleted inline policy',
  DeleteRolePolicy: 'deleted inline policy',
  DeleteUserPolicy: 'deleted inline policy',
  PutGroupPolicy: 'put inline policy',
  PutRolePolicy: 'put inline policy',
  PutUserPolicy: 'put inline policy',
  CreatePolicy: 'created managed policy',
  DeletePolicy: 'deleted managed policy',
  CreatePolicyVersion: 'created a new version of',
  DeletePolicyVersion: 'deleted a version of',
  SetDefaultPolicyVersion: 'changed the default version of',
  AttachRolePolicy: 'attached',
  AttachUserPolicy: 'attached',
  AttachGroupPolicy: 'attached',
  DetachRolePolicy: 'detached',
  DetachUserPolicy: 'detached',
  DetachGroupPolicy: 'detached',
  UpdateAssumeRolePolicy: 'replaced the trust policy of',
  PutUserPermissionsBoundary: 'set permissions boundary',
  PutRolePermissionsBoundary: 'set permissions boundary',
  DeleteUserPermissionsBoundary: 'removed the permissions boundary of',
  DeleteRolePermissionsBoundary: 'removed the permissions boundary of',
  AddUserToGroup: 'added',
};

const describeChange = (record: CloudTrailRecord, policy: string | undefined, principal: string | undefined): string => {
  const name = record.eventName;
  const verb = VERBS[name] ?? 'changed';
  const who = principal ?? 'a principal';
  if (name === 'UpdateAssumeRolePolicy' || (name.startsWith('Delete') && name.endsWith('PermissionsBoundary'))) {
    return `${verb} ${who}`;
  }
  if (name === 'AddUserToGroup') return `${verb} ${who} to group ${fieldText(request(record, 'groupName')) ?? '(unknown)'}`;
  if (name.endsWith('PermissionsBoundary')) return `${verb} ${policy ?? 'a policy'} on ${who}`;
  if (name.startsWith('Attach')) return `${verb} ${policy ?? 'a policy'} to ${who}`;
  if (name.startsWith('Detach')) return `${verb} ${policy ?? 'a policy'} from ${who}`;
  if (/^(Put|Delete)(User|Role|Group)Policy$/.test(name)) {
    return `${verb} ${policy ?? '(unnamed)'} ${name.startsWith('Delete') ? 'from' : 'on'} ${who}`;
  }
  return `${verb} ${policy ?? 'a policy'}`;
};

/**
 * Security Hub CloudWatch.4 (CIS v1.4 4.4): a successful IAM policy change, eventSource iam only — Organizations,
 * IoT and Auto Scaling have calls with the same names (CreatePolicy, AttachPolicy, DeletePolicy…) that are not
 * IAM changes. HIGH when the change grants full administrator rights, opens a role's trust to another account or
 * puts the calling user in a group, CRITICAL when it opens the trust to everyone.
 */
export default defineRule({
  id: 'iam.iam-policy-change',
  title: 'IAM policy changed',
  description:
    'An IAM policy was created, changed, attached or removed: the most direct way to escalate privileges or leave a backdoor.',
  category: 'iam-policy-change',
  // MEDIUM: policy changes are routine in most accounts, but each one changes who can do what; raised to HIGH
  // for administrator grants and public trust policies.
  severity: 'MEDIUM',
  status: 'active',
  pattern: apiCallPattern('iam', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'iam.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;

    const policyArn = firstFieldText(
      request(record, 'policyArn'),
      response(record, 'policy', 'arn'),
      request(record, 'permissionsBoundary'),
    );
    const inlineName = fieldText(request(record, 'policyName'));
    const policy = policyArn ?? inlineName;
    const principal = principalOf(record);
    const document = parsePolicyDocument(request(record, 'policyDocument'));
    const version = firstFieldText(request(record, 'versionId'), response(record, 'policyVersion', 'versionId'));

    const adminAttached = record.eventName.startsWith('Attach') && policyArn?.endsWith(ADMIN_POLICY_SUFFIX) === true;
    const adminDocument = record.eventName !== 'UpdateAssumeRolePolicy' && grantsFullAdmin(document);
    // Trust opened to everyone (an sts:ExternalId condition does not narrow it) is CRITICAL; to another account
    // HIGH: either lets someone outside assume the role (Stratus Red Team aws.persistence.iam-backdoor-role).
    const audience = record.eventName === 'UpdateAssumeRolePolicy' ? policyAudience(document, accountOf(record)) : undefined;
    const publicTrust = audience?.everyone === true;
    const foreignTrust = !publicTrust && (audience?.foreignAccounts.length ?? 0) > 0;
    const service = awsServiceCaller(record);
    // A user that puts itself in a group takes the group's permissions: privilege escalation, not administration.
    const joinedItself = record.eventName === 'AddUserToGroup' && principal !== undefined && principal === `user/${callerUserName(record)}`;
    const group = record.eventName === 'AddUserToGroup' ? fieldText(request(record, 'groupName')) : undefined;

    const draft: FindingDraft = {
      ...(publicTrust ? { severity: 'CRITICAL' as const } : adminAttached || adminDocument || foreignTrust || joinedItself ? { severity: 'HIGH' as const } : {}),
      resources: resourceList(policyArn, principal, group ? `group/${group}` : undefined),
      summary: `${describeActor(record)} ${describeChange(record, policy, joinedItself ? 'itself' : principal)}`,
      facts: {
        ...(policy ? { Policy: policy } : {}),
        ...(principal ? { Principal: principal } : {}),
        ...(version ? { Version: version } : {}),
        ...(group ? { Group: group } : {}),
        ...(joinedItself ? { Grants: `the caller's own user every permission of group ${group ?? '(unknown)'}` } : {}),
        ...(adminAttached || adminDocument ? { Grants: 'full administrator access (Action * on Resource *)' } : {}),
        ...(publicTrust ? { Trust: 'any AWS principal may assume this role' } : {}),
        ...(foreignTrust && audience ? { Trust: `${describeAudience(audience)} may assume this role` } : {}),
        ...(service ? { 'Made by AWS service': service } : viaService(record)),
      },
    };
    return draft;
  },
  guidance:
    'Check the change against a change request. To undo: detach or delete the policy, restore the previous policy ' +
    'version (SetDefaultPolicyVersion) or the previous inline document, and review what the principal did since.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0; 3.4 in v1.2.0).
  references: {
    cis: ['4.4'],
    securityHub: ['CloudWatch.4'],
    mitre: ['T1098', 'T1098.003', 'T1484', 'T1136.003'],
    stratus: ['aws.persistence.iam-backdoor-role', 'aws.persistence.iam-create-admin-user'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4'],
  },
});
