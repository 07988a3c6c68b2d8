import { awsServiceCaller, describeActor, fieldText, request, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { accountOf, succeeded } from '../../lib/cloudtrail/record';
import { describeAudience, policyAudience } from '../../lib/iam/policy-audience';
import { parsePolicyDocument } from '../../lib/iam/policy-document';
import { defineRule } from '../../lib/rule';

/**
 * Stratus Red Team aws.persistence.iam-create-backdoor-role: a new role whose trust policy lets another account
 * (HIGH) or everyone (CRITICAL: an sts:ExternalId condition does not narrow it) assume it. Changing an existing
 * role's trust (UpdateAssumeRolePolicy, aws.persistence.iam-backdoor-role) is iam.iam-policy-change's finding,
 * graded the same way, so one event gives one alert.
 */
export default defineRule({
  id: 'iam.role-trust-opened',
  title: 'Role created that outsiders can assume',
  description: 'A role that trusts another account or everyone is a door into the account for whoever is on the other side.',
  category: 'role-trust-opened',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('iam', ['CreateRole']),
  classify: (record) => {
    if (record.eventSource !== 'iam.amazonaws.com' || record.eventName !== 'CreateRole' || !succeeded(record)) return null;
    if (awsServiceCaller(record) !== undefined) return null;
    const audience = policyAudience(parsePolicyDocument(request(record, 'assumeRolePolicyDocument')), accountOf(record));
    if (!audience.everyone && audience.foreignAccounts.length === 0) return null;
    const role = fieldText(request(record, 'roleName'), 64);
    return {
      severity: audience.everyone ? 'CRITICAL' : 'HIGH',
      resources: [`role/${role ?? '(unknown)'}`],
      summary: `${describeActor(record)} created role ${role ?? '(unknown)'} that ${describeAudience(audience)} may assume`,
      facts: { Trust: `${describeAudience(audience)} may assume this role`, ...viaService(record) },
    };
  },
  guidance:
    'Check the other account is a known partner. If not: delete the role (or narrow its trust policy) and review ' +
    'AssumeRole calls on it since.',
  references: {
    mitre: ['T1098.003', 'T1136.003'],
    stratus: ['aws.persistence.iam-create-backdoor-role', 'aws.persistence.iam-backdoor-role'],
    links: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html'],
  },
});
