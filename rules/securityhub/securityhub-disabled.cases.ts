import type { RuleCase } from '../../lib/rule';
import { ACCOUNT } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const FSBP = `arn:aws:securityhub:us-east-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`;
const sh = (eventName: string, request: Record<string, unknown> | null, overrides: Parameters<typeof serviceCall>[4] = {}) =>
  serviceCall('securityhub.amazonaws.com', eventName, request, null, overrides);

export default [
  {
    name: 'Security Hub disabled (CRITICAL)',
    record: sh('DisableSecurityHub', null),
    matches: true,
    findings: [{ category: 'security-service-disabled', severity: 'CRITICAL', resources: [], action: 'none' }],
  },
  {
    name: 'automation rule suppressing every CRITICAL finding as it arrives (MEDIUM)',
    record: sh('CreateAutomationRule', {
      ruleStatus: 'ENABLED',
      ruleOrder: 1,
      ruleName: 'quiet',
      description: 'noise',
      criteria: { severityLabel: [{ value: 'CRITICAL', comparison: 'EQUALS' }] },
      actions: [{ type: 'FINDING_FIELDS_UPDATE', findingFieldsUpdate: { workflow: { status: 'SUPPRESSED' } } }],
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'automation rule turned on to suppress findings (batch update, PascalCase members)',
    record: sh('BatchUpdateAutomationRules', {
      updateAutomationRulesRequestItems: [
        { RuleArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`, RuleStatus: 'ENABLED', Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }] },
      ],
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: automation rule that raises severity',
    record: sh('CreateAutomationRule', {
      ruleStatus: 'ENABLED',
      ruleOrder: 2,
      ruleName: 'prod-critical',
      criteria: { resourceTags: [{ key: 'env', value: 'prod', comparison: 'EQUALS' }] },
      actions: [{ type: 'FINDING_FIELDS_UPDATE', findingFieldsUpdate: { severity: { label: 'CRITICAL' } } }],
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: suppressing automation rule created disabled',
    record: sh('CreateAutomationRule', {
      ruleStatus: 'DISABLED',
      ruleOrder: 3,
      ruleName: 'later',
      actions: [{ type: 'FINDING_FIELDS_UPDATE', findingFieldsUpdate: { workflow: { status: 'SUPPRESSED' } } }],
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'organization\'s delegated Security Hub administrator removed',
    record: sh('DisableOrganizationAdminAccount', { adminAccountId: '111122223333' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['111122223333'] }],
  },
  {
    name: 'a standard disabled',
    record: sh('BatchDisableStandards', { standardsSubscriptionArns: [FSBP] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [FSBP] }],
  },
  {
    name: 'a control disabled (MEDIUM)',
    record: sh('UpdateStandardsControl', { standardsControlArn: `${FSBP.replace(':subscription/', ':control/')}/CloudTrail.1`, controlStatus: 'DISABLED', disabledReason: 'noise' }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: a control enabled again',
    record: sh('UpdateStandardsControl', { standardsControlArn: `${FSBP.replace(':subscription/', ':control/')}/CloudTrail.1`, controlStatus: 'ENABLED' }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: disabling refused for a delegated administrator',
    record: sh('DisableSecurityHub', null, { errorCode: 'InvalidInputException', errorMessage: 'Cannot disable Security Hub for the delegated administrator account.' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
