import { awsServiceCaller, describeActor, fieldText, request, resourceList, viaService } from '../../lib/cloudtrail/fields';
import { apiCallPattern } from '../../lib/cloudtrail/patterns';
import { isObject, items, str, succeeded, type CloudTrailRecord, type JsonObject } from '../../lib/cloudtrail/record';
import { defineRule, type FindingDraft, type Severity } from '../../lib/rule';

/** A member of a Security Hub request, whichever case CloudTrail wrote it in (ruleStatus, RuleStatus). */
const member = (value: unknown, name: string): unknown =>
  isObject(value) ? (value[name] ?? value[name[0]!.toUpperCase() + name.slice(1)]) : undefined;

/**
 * An automation rule (one CreateAutomationRule, or one item of BatchUpdateAutomationRules) that is enabled and
 * suppresses the findings it matches: Security Hub then sets their workflow to SUPPRESSED as they arrive.
 */
const suppresses = (rule: JsonObject): boolean =>
  str(member(rule, 'ruleStatus'))?.toUpperCase() !== 'DISABLED' &&
  items(member(rule, 'actions')).some((action) => str(member(member(member(action, 'findingFieldsUpdate'), 'workflow'), 'status'))?.toUpperCase() === 'SUPPRESSED');

/**
 * Security Hub turned off or blinded: the hub disabled (CRITICAL: its findings are deleted), standards disabled,
 * the account taken out of its administrator's view, the organization's delegated administrator removed, a
 * control disabled, or an automation rule that suppresses findings as they arrive.
 */
const classify = (record: CloudTrailRecord): FindingDraft | null => {
  if (!succeeded(record) || awsServiceCaller(record) !== undefined) return null;
  let change: string;
  let severity: Severity = 'HIGH';
  let resources: string[] = [];
  switch (record.eventName) {
    case 'DisableSecurityHub':
      change = 'disabled Security Hub';
      severity = 'CRITICAL';
      break;
    case 'BatchDisableStandards': {
      resources = (Array.isArray(request(record, 'standardsSubscriptionArns')) ? (request(record, 'standardsSubscriptionArns') as unknown[]) : [])
        .map((arn) => fieldText(arn, 200))
        .filter((arn): arn is string => arn !== undefined);
      change = `disabled ${resources.length || 'some'} Security Hub standard${resources.length === 1 ? '' : 's'}`;
      break;
    }
    case 'DisassociateFromMasterAccount':
    case 'DisassociateFromAdministratorAccount':
      change = 'took the account out of its Security Hub administrator\'s view';
      break;
    case 'UpdateStandardsControl': {
      if (str(request(record, 'controlStatus'))?.toUpperCase() !== 'DISABLED') return null;
      const control = fieldText(request(record, 'standardsControlArn'), 200);
      resources = control ? [control] : [];
      change = `disabled Security Hub control ${control ?? '(unknown)'}`;
      severity = 'MEDIUM';
      break;
    }
    case 'DisableOrganizationAdminAccount': {
      const admin = fieldText(request(record, 'adminAccountId'), 12);
      resources = admin ? [admin] : [];
      change = `removed Security Hub's delegated administrator ${admin ?? '(unknown)'} for the organization`;
      break;
    }
    case 'CreateAutomationRule':
    case 'BatchUpdateAutomationRules': {
      const rules =
        record.eventName === 'CreateAutomationRule' ? (isObject(record.requestParameters) ? [record.requestParameters] : []) : items(request(record, 'updateAutomationRulesRequestItems')).concat(items(request(record, 'UpdateAutomationRulesRequestItems')));
      const suppressing = rules.filter(suppresses);
      if (suppressing.length === 0) return null;
      const names = suppressing.map((rule) => fieldText(member(rule, 'ruleName'), 64) ?? fieldText(member(rule, 'ruleArn'), 200) ?? 'unnamed');
      change = `${record.eventName === 'CreateAutomationRule' ? 'added' : 'changed'} a Security Hub automation rule that suppresses the findings it matches (${names.join(', ')})`;
      severity = 'MEDIUM';
      break;
    }
    case 'BatchUpdateStandardsControlAssociations': {
      const disabled = items(request(record, 'standardsControlAssociationUpdates')).filter(
        (update) => str(update.associationStatus)?.toUpperCase() === 'DISABLED',
      );
      if (disabled.length === 0) return null;
      change = `disabled ${disabled.length} Security Hub control${disabled.length === 1 ? '' : 's'}`;
      severity = 'MEDIUM';
      break;
    }
    default:
      return null;
  }
  return { severity, resources: resourceList(...resources), summary: `${describeActor(record)} ${change}`, facts: { ...viaService(record) } };
};

export default defineRule({
  id: 'securityhub.securityhub-disabled',
  title: 'Security Hub disabled or blinded',
  description: 'Disabling Security Hub, its standards or controls silences the account\'s security posture checks.',
  category: 'security-service-disabled',
  severity: 'HIGH',
  status: 'active',
  pattern: apiCallPattern('securityhub', [
    'DisableSecurityHub',
    'BatchDisableStandards',
    'DisassociateFromMasterAccount',
    'DisassociateFromAdministratorAccount',
    'UpdateStandardsControl',
    'BatchUpdateStandardsControlAssociations',
    'DisableOrganizationAdminAccount',
    'CreateAutomationRule',
    'BatchUpdateAutomationRules',
  ]),
  classify,
  guidance:
    'If not planned: enable Security Hub and the standards again, delete or disable suppressing automation rules, and ' +
    'review what changed while it was off.',
  references: {
    mitre: ['T1562.001'],
    links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-ct.html'],
  },
});
