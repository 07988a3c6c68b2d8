import { describeActor, fieldText, firstFieldText, request, resourceList, response, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, succeeded, type CloudTrailRecord } from '../../lib/cloudtrail/record';
import { defineRule } from '../../lib/rule';

// Deployment: Organizations is a global service whose events reach EventBridge only in us-east-1 (in the
// management account, or the member account for LeaveOrganization), so the deployment must include us-east-1
// (or forward us-east-1's Organizations events to the deployment region).

/** CIS v1.4 4.15 (no Security Hub control), complete. */
const CIS_EVENTS = [
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
] as const;

const EXTRA_EVENTS = [
  // Turns off an organization-wide integration (organization trail, GuardDuty, Config…) in every account at once.
  'DisableAWSServiceAccess',
  // Hands, or takes away, administration of a security service for the whole organization to a member account.
  'RegisterDelegatedAdministrator',
  'DeregisterDelegatedAdministrator',
  // Closes a member account: its resources and data go with it after the post-closure period.
  'CloseAccount',
] as const;

const EVENTS: ReadonlySet<string> = new Set([...CIS_EVENTS, ...EXTRA_EVENTS]);

/** Structure-only changes that alter no account's guardrails or membership. */
const STRUCTURAL: ReadonlySet<string> = new Set(['CreateOrganizationalUnit', 'UpdateOrganizationalUnit', 'DeclineHandshake']);

const ids = (record: CloudTrailRecord) => ({
  policy: firstFieldText(request(record, 'policyId'), response(record, 'policy', 'policySummary', 'id')),
  policyName: firstFieldText(request(record, 'name'), response(record, 'policy', 'policySummary', 'name')),
  policyType: firstFieldText(request(record, 'type'), response(record, 'policy', 'policySummary', 'type'), request(record, 'policyType')),
  target: fieldText(request(record, 'targetId')),
  account: firstFieldText(request(record, 'accountId'), request(record, 'target', 'id')),
  unit: firstFieldText(request(record, 'organizationalUnitId'), response(record, 'organizationalUnit', 'id')),
  unitName: firstFieldText(request(record, 'name'), response(record, 'organizationalUnit', 'name')),
  parent: firstFieldText(request(record, 'parentId'), request(record, 'destinationParentId')),
  root: fieldText(request(record, 'rootId')),
  handshake: firstFieldText(request(record, 'handshakeId'), response(record, 'handshake', 'id')),
  accountRequest: fieldText(response(record, 'createAccountStatus', 'id')),
  service: fieldText(request(record, 'servicePrincipal')),
  movedFrom: record.eventName === 'MoveAccount' ? fieldText(request(record, 'sourceParentId')) : undefined,
});

const describeChange = (record: CloudTrailRecord, id: ReturnType<typeof ids>): string => {
  const policy = id.policy ?? id.policyName ?? 'a policy';
  const type = id.policyType ? ` (${id.policyType})` : '';
  switch (record.eventName) {
    case 'AttachPolicy':
      return `attached policy ${policy} to ${id.target ?? 'a target'}`;
    case 'DetachPolicy':
      return `detached policy ${policy} from ${id.target ?? 'a target'}`;
    case 'CreatePolicy':
      return `created organization policy ${policy}${type}`;
    case 'UpdatePolicy':
      return `updated organization policy ${policy}`;
    case 'DeletePolicy':
      return `deleted organization policy ${policy}`;
    case 'EnablePolicyType':
      return `enabled policy type ${id.policyType ?? '(unknown)'} on root ${id.root ?? '(unknown)'}`;
    case 'DisablePolicyType':
      return `disabled policy type ${id.policyType ?? '(unknown)'} on root ${id.root ?? '(unknown)'}`;
    case 'CreateAccount':
      return `requested a new member account (${id.accountRequest ?? 'request id unknown'})`;
    case 'InviteAccountToOrganization':
      return `invited account ${id.account ?? '(unknown)'} to the organization`;
    case 'AcceptHandshake':
      return `accepted handshake ${id.handshake ?? '(unknown)'}`;
    case 'DeclineHandshake':
      return `declined handshake ${id.handshake ?? '(unknown)'}`;
    case 'MoveAccount':
      return `moved account ${id.account ?? '(unknown)'} to ${id.parent ?? 'another parent'}`;
    case 'RemoveAccountFromOrganization':
      return `removed account ${id.account ?? '(unknown)'} from the organization`;
    case 'LeaveOrganization':
      return `made account ${accountOf(record)} leave its organization`;
    case 'DeleteOrganization':
      return 'deleted the organization';
    case 'CreateOrganizationalUnit':
      return `created organizational unit ${id.unitName ?? id.unit ?? '(unknown)'} under ${id.parent ?? '(unknown)'}`;
    case 'UpdateOrganizationalUnit':
      return `renamed organizational unit ${id.unit ?? '(unknown)'}${id.unitName ? ` to ${id.unitName}` : ''}`;
    case 'DeleteOrganizationalUnit':
      return `deleted organizational unit ${id.unit ?? '(unknown)'}`;
    case 'DisableAWSServiceAccess':
      return `disabled organization-wide access for ${id.service ?? 'a service'}`;
    case 'RegisterDelegatedAdministrator':
      return `made account ${id.account ?? '(unknown)'} delegated administrator for ${id.service ?? 'a service'}`;
    case 'DeregisterDelegatedAdministrator':
      return `removed account ${id.account ?? '(unknown)'} as delegated administrator for ${id.service ?? 'a service'}`;
    case 'CloseAccount':
      return `closed member account ${id.account ?? '(unknown)'}`;
    default:
      return 'changed the organization';
  }
};

/**
 * CIS v1.4 4.15: a successful AWS Organizations change, eventSource organizations only (IAM and IoT have
 * CreatePolicy, AttachPolicy, DeletePolicy… of their own). SCPs, membership and delegated administration decide
 * the guardrails of every account, so one call here weakens them all.
 */
export default defineRule({
  id: 'organizations.organizations-change',
  title: 'AWS Organizations changed',
  description:
    'The organization changed: a policy (SCP, RCP…), an account joining, leaving or moving, or an organization-wide ' +
    'service setting. Each one can lift guardrails from many accounts at once.',
  category: 'organizations-change',
  // HIGH: changes here apply to every account below the target and are rare outside planned work. Creating or
  // renaming an OU and declining a handshake are MEDIUM (below): they change no account's policies or membership.
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('organizations', [...CIS_EVENTS, ...EXTRA_EVENTS]),
  classify: (record) => {
    if (record.eventSource !== 'organizations.amazonaws.com' || !EVENTS.has(record.eventName) || !succeeded(record)) return null;

    const id = ids(record);
    const isPolicyCall = record.eventName.endsWith('Policy');
    return {
      ...(STRUCTURAL.has(record.eventName) ? { severity: 'MEDIUM' as const } : {}),
      resources: resourceList(
        isPolicyCall ? id.policy : undefined,
        id.target,
        id.account,
        id.unit,
        id.handshake,
        id.root,
        id.accountRequest,
        record.eventName === 'LeaveOrganization' ? accountOf(record) : undefined,
      ),
      summary: `${describeActor(record)} ${describeChange(record, id)}`,
      facts: {
        ...(isPolicyCall && id.policyName ? { 'Policy name': id.policyName } : {}),
        ...(id.policyType ? { 'Policy type': id.policyType } : {}),
        ...(id.service ? { Service: id.service } : {}),
        ...(id.movedFrom ? { 'Moved from': id.movedFrom } : {}),
        ...viaService(record),
      },
    };
  },
  guidance:
    'Confirm the change with the organization administrators. To undo: re-attach or restore the policy ' +
    '(AttachPolicy, UpdatePolicy with the previous content), move the account back, or EnableAWSServiceAccess again.',
  // CIS AWS Foundations Benchmark v1.4.0 numbering (unchanged in v3.0.0); Security Hub has no matching control.
  references: {
    cis: ['4.15'],
    mitre: ['T1484.001', 'T1562.001', 'T1531'],
    stratus: ['aws.defense-evasion.organizations-leave'],
    links: ['https://docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html'],
  },
});
