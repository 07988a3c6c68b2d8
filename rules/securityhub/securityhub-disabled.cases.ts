import type { RuleCase } from '../../lib/rule';
import { ACCOUNT, identities } from '../../tests/support/records';
import { serviceCall } from '../../tests/support/service-records';

const FSBP = `arn:aws:securityhub:us-east-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`;
const CONTROL = `${FSBP.replace(':subscription/', ':control/')}/CloudTrail.1`;
const FSBP_STANDARD = 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0';
const productSubscription = (product: string) => `arn:aws:securityhub:us-east-1:${ACCOUNT}:product-subscription/${product}`;
// Request members as CloudTrail writes them for Security Hub: the API's PascalCase names (user guide examples).
const sh = (eventName: string, request: Record<string, unknown> | null, overrides: Parameters<typeof serviceCall>[4] = {}, response: Record<string, unknown> | null = null) =>
  serviceCall('securityhub.amazonaws.com', eventName, request, response, overrides);

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
      RuleStatus: 'ENABLED',
      RuleOrder: 1,
      RuleName: 'quiet',
      Description: 'noise',
      Criteria: { SeverityLabel: [{ Value: 'CRITICAL', Comparison: 'EQUALS' }] },
      Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }],
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'automation rule turned on to suppress findings (batch update)',
    record: sh('BatchUpdateAutomationRules', {
      UpdateAutomationRulesRequestItems: [
        { RuleArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`, RuleStatus: 'ENABLED', Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }] },
      ],
    }),
    matches: true,
    findings: [{ severity: 'MEDIUM' }],
  },
  {
    name: 'near miss: automation rule that raises severity',
    record: sh('CreateAutomationRule', {
      RuleStatus: 'ENABLED',
      RuleOrder: 2,
      RuleName: 'prod-critical',
      Criteria: { ResourceTags: [{ Key: 'env', Value: 'prod', Comparison: 'EQUALS' }] },
      Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Severity: { Label: 'CRITICAL' } } }],
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: suppressing automation rule created disabled',
    record: sh('CreateAutomationRule', {
      RuleStatus: 'DISABLED',
      RuleOrder: 3,
      RuleName: 'later',
      Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: 'SUPPRESSED' } } }],
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'organization\'s delegated Security Hub administrator removed',
    record: sh('DisableOrganizationAdminAccount', { AdminAccountId: '111122223333' }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: ['111122223333'] }],
  },
  {
    name: 'a standard disabled',
    record: sh('BatchDisableStandards', { StandardsSubscriptionArns: [FSBP] }, {}, { StandardsSubscriptions: [{ StandardsSubscriptionArn: FSBP, StandardsStatus: 'DELETING' }] }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [FSBP] }],
  },
  {
    name: 'a control disabled (MEDIUM)',
    record: sh('UpdateStandardsControl', { StandardsControlArn: CONTROL, ControlStatus: 'DISABLED', DisabledReason: 'noise' }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [CONTROL] }],
  },
  {
    name: 'near miss: a control enabled again',
    record: sh('UpdateStandardsControl', { StandardsControlArn: CONTROL, ControlStatus: 'ENABLED' }),
    matches: true,
    findings: [],
  },
  {
    name: 'a control disabled in a standard (consolidated controls, MEDIUM)',
    record: sh('BatchUpdateStandardsControlAssociations', {
      StandardsControlAssociationUpdates: [
        { StandardsArn: FSBP_STANDARD, SecurityControlId: 'CloudTrail.1', AssociationStatus: 'DISABLED', UpdatedReason: 'noise' },
        { StandardsArn: FSBP_STANDARD, SecurityControlId: 'IAM.1', AssociationStatus: 'ENABLED' },
      ],
    }, {}, { UnprocessedAssociationUpdates: [] }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [`${FSBP_STANDARD}/CloudTrail.1`] }],
  },
  {
    name: 'near miss: controls enabled in a standard',
    record: sh('BatchUpdateStandardsControlAssociations', {
      StandardsControlAssociationUpdates: [{ StandardsArn: FSBP_STANDARD, SecurityControlId: 'CloudTrail.1', AssociationStatus: 'ENABLED' }],
    }),
    matches: true,
    findings: [],
  },
  {
    name: 'GuardDuty findings no longer imported (HIGH)',
    record: sh('DisableImportFindingsForProduct', { ProductSubscriptionArn: productSubscription('aws/guardduty') }),
    matches: true,
    findings: [{ severity: 'HIGH', resources: [productSubscription('aws/guardduty')] }],
  },
  {
    name: 'a partner product\'s findings no longer imported (MEDIUM)',
    record: sh('DisableImportFindingsForProduct', { ProductSubscriptionArn: productSubscription('crowdstrike/crowdstrike-falcon') }),
    matches: true,
    findings: [{ severity: 'MEDIUM', resources: [productSubscription('crowdstrike/crowdstrike-falcon')] }],
  },
  {
    name: 'near miss: a product integration turned off by Security Hub itself',
    record: sh('DisableImportFindingsForProduct', { ProductSubscriptionArn: productSubscription('aws/guardduty') }, { userIdentity: identities.awsService('securityhub.amazonaws.com') }),
    matches: true,
    findings: [],
  },
  {
    name: 'near miss: turning off the Inspector integration refused',
    record: sh('DisableImportFindingsForProduct', { ProductSubscriptionArn: productSubscription('aws/inspector') }, { errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: securityhub:DisableImportFindingsForProduct' }),
    matches: false,
    alsoFiredBy: ['account.unauthorized-api-call'],
  },
  {
    name: 'near miss: disabling refused for a delegated administrator',
    record: sh('DisableSecurityHub', null, { errorCode: 'InvalidInputException', errorMessage: 'Cannot disable Security Hub for the delegated administrator account.' }),
    matches: false,
  },
] satisfies readonly RuleCase[];
