import { succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { defineRule, type FindingDraft, type RuleContext } from '../../lib/rule';
import { fieldText, request } from '../../lib/cloudtrail/fields';
import {
  SERVICE_PREFIX,
  actorDid,
  isAnyStageRoleName,
  isCloudFormationDeployment,
  isMemberRoleName,
  isOwnRoleName,
 
  tamperingFacts,
} from '../../lib/own-resources';

/** Calls that change what a role may do or who may use it; the role is `requestParameters.roleName`. */
const ROLE_CHANGES = [
  'CreateRole',
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'UpdateRole',
  'AddRoleToInstanceProfile',
];
/** On a role squatting the prefix, these only take power away: not worth an alert of their own. */
const REMOVALS = new Set(['DeleteRole', 'DeleteRolePolicy', 'DetachRolePolicy', 'DeleteRolePermissionsBoundary']);

const WHAT: Record<string, string> = {
  CreateRole: 'created',
  DeleteRole: 'deleted',
  UpdateAssumeRolePolicy: 'changed the trust policy of',
  PutRolePolicy: 'put an inline policy on',
  DeleteRolePolicy: 'deleted an inline policy of',
  AttachRolePolicy: 'attached a managed policy to',
  DetachRolePolicy: 'detached a managed policy from',
  PutRolePermissionsBoundary: 'set a permissions boundary on',
  DeleteRolePermissionsBoundary: 'removed the permissions boundary of',
  UpdateRole: 'changed the settings of',
  AddRoleToInstanceProfile: 'added to an instance profile',
};

const policyFacts = (record: CloudTrailRecord): Record<string, string> => {
  const policyArn = fieldText(request(record, 'policyArn'), 200);
  const policyName = fieldText(request(record, 'policyName'));
  const profile = fieldText(request(record, 'instanceProfileName'));
  return {
    ...(policyArn ? { Policy: policyArn } : {}),
    ...(policyName ? { 'Inline policy': policyName } : {}),
    ...(profile ? { 'Instance profile': profile } : {}),
  };
};

/**
 * The stack's own deployment writes its roles' inline policies as `trailguard-<function>` (lib/deploy.ts); any other
 * policy or attachment CloudFormation puts on them comes from another stack.
 */
const isOwnDeployment = (record: CloudTrailRecord): boolean => {
  if (!isCloudFormationDeployment(record)) return false;
  if (record.eventName === 'AttachRolePolicy' || record.eventName === 'PutRolePermissionsBoundary' || record.eventName === 'AddRoleToInstanceProfile') return false;
  if (record.eventName === 'PutRolePolicy') return fieldText(request(record, 'policyName'))?.startsWith(SERVICE_PREFIX) === true;
  return true;
};

/**
 * trailguard's own roles changed by anyone but its deployment, and roles that squat its name prefix. A squatter is
 * deleted (policies and instance profiles first): the name is reserved for the responder, and people reading
 * CloudTrail or IAM trust `trailguard-*` roles to be it.
 */
const classify = (record: CloudTrailRecord, context: RuleContext): FindingDraft | null => {
  if (!succeeded(record)) return null;
  const roleName = fieldText(request(record, 'roleName'), 64);
  const path = fieldText(request(record, 'path'), 512);
  const what = WHAT[record.eventName] ?? record.eventName;

  if (isOwnRoleName(roleName, context)) {
    if (isOwnDeployment(record)) return null;
    return {
      resources: [roleName!],
      summary: actorDid(record, `${what} trailguard's role ${roleName}${record.eventName === 'CreateRole' ? ' (a role of that name is not the stack\'s: it has a new unique id, so the loop guard does not trust it)' : ''}`),
      facts: { ...tamperingFacts(record, `IAM role ${roleName}`), ...policyFacts(record) },
    };
  }
  // A central stage's member role (organization topology): created and updated by the member StackSet. Anyone
  // else's change alerts; a CreateRole by anyone else is the dangerous one, since the loop guard ignores the role's
  // sessions in that account by name. No automatic revert: the member roles themselves may not delete it.
  if (isMemberRoleName(roleName, context)) {
    if (isOwnDeployment(record)) return null;
    const why = record.eventName === 'CreateRole' ? ' (trailguard ignores the changes this role makes in this account: delete it unless the member StackSet created it)' : '';
    return {
      resources: [roleName!],
      summary: actorDid(record, `${what} trailguard's member role ${roleName}${why}`),
      facts: { ...tamperingFacts(record, `IAM role ${roleName} (organization member role)`), ...(path ? { Path: path } : {}), ...policyFacts(record) },
    };
  }
  // Another stage's role: that stage's own function reports it.
  if (isAnyStageRoleName(roleName)) return null;

  if (roleName?.startsWith(SERVICE_PREFIX)) {
    if (REMOVALS.has(record.eventName)) return null;
    return {
      resources: [roleName],
      summary: actorDid(record, `${what} role ${roleName}, which carries trailguard's name but is not one of its roles`),
      facts: { ...tamperingFacts(record, `IAM role ${roleName} (not the stack's)`), ...(path ? { Path: path } : {}), ...policyFacts(record) },
      remediation: { action: 'delete-backdoor-role', params: { roleName, region: record.awsRegion } },
    };
  }
  if (record.eventName === 'CreateRole' && path !== undefined && /^\/trailguard/.test(path)) {
    return {
      resources: resourcesOf(roleName),
      summary: actorDid(record, `created role ${roleName ?? '(unknown)'} under trailguard's path ${path}`),
      facts: { ...tamperingFacts(record, `IAM role ${path}${roleName ?? ''} (not the stack's)`), Path: path },
    };
  }
  return null;
};

const resourcesOf = (roleName: string | undefined): string[] => (roleName ? [roleName] : []);

export default defineRule({
  id: 'iam.responder-role-tampering',
  title: 'trailguard role changed, or its name squatted',
  description:
    'Whoever changes the responder\'s roles changes what it can revert; a new role named like the responder borrows ' +
    'the trust people place in that name.',
  category: 'responder-tampering',
  severity: 'CRITICAL',
  status: 'active',
  actions: ['delete-backdoor-role'],
  pattern: apiCallPattern('iam', ROLE_CHANGES, {
    $or: [{ requestParameters: { roleName: [{ prefix: SERVICE_PREFIX }] } }, { requestParameters: { path: [{ prefix: '/trailguard' }] } }],
  }),
  classify,
  guidance:
    'If nobody was deploying trailguard: redeploy the stack (`sls deploy --stage <stage>`) to put its roles back as ' +
    'declared, and find out who made the change and what else they did.',
  references: {
    mitre: ['T1562.001', 'T1098.003', 'T1036.005'],
    links: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids'],
  },
});
